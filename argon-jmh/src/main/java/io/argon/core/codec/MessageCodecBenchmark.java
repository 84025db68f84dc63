package io.argon.core.codec;

import io.argon.jmh.Samples;
import io.argon.protocol.Message;
import io.argon.protocol.Messages;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A message to and from its frame payload by the codec's own {@link MessageEncoder} and
 * {@link MessageDecoder}, called directly, without a pipeline around them: the JSON work of
 * the codec. A task crosses this four times between a client and a node (submit and result,
 * each encoded once and decoded once) and four more between the node and its worker.
 *
 * <p>In this package only to reach the handlers' {@code encode}/{@code decode}, which Netty
 * declares protected.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MessageCodecBenchmark {
    /** The encoder and decoder, a handler context for them, and one message with its payload. */
    public abstract static class Codec {
        final MessageEncoder encoder = new MessageEncoder(Messages.DEFAULT_MAX_FRAME_BYTES);
        final List<Object> decoded = new ArrayList<>(1);
        EmbeddedChannel channel;
        ChannelHandlerContext context;
        Message message;
        ByteBuf payload;
        ByteBuf out;

        abstract Message sample();

        @Setup
        public void setUp() throws Exception {
            channel = new EmbeddedChannel(encoder);
            context = channel.pipeline().context(encoder);
            message = sample();
            out = Unpooled.buffer(64 * 1024);
            encoder.encode(context, message, out);
            // The decoder gets a frame's payload, without the 4-byte length the encoder writes.
            payload = out.copy(4, out.readableBytes() - 4);
            out.clear();
        }

        @TearDown
        public void tearDown() {
            payload.release();
            out.release();
            channel.finishAndReleaseAll();
        }

        int encode() throws Exception {
            out.clear();
            encoder.encode(context, message, out);
            return out.readableBytes();
        }

        Object decode() throws Exception {
            decoded.clear();
            MessageDecoder.INSTANCE.decode(context, payload.duplicate(), decoded);
            return decoded.get(0);
        }
    }

    /** A submit; its params grow with {@code extraBytes}. */
    @State(Scope.Thread)
    public static class Submits extends Codec {
        /** Characters of extra params beyond SampleTask's num and delay. */
        @Param({"0", "4096"})
        int extraBytes;

        @Override
        Message sample() {
            return Samples.submit(extraBytes);
        }
    }

    /** SampleTask's result. */
    @State(Scope.Thread)
    public static class Results extends Codec {
        @Override
        Message sample() {
            return Samples.result();
        }
    }

    @Benchmark
    public int encodeSubmit(Submits submits) throws Exception {
        return submits.encode();
    }

    @Benchmark
    public Object decodeSubmit(Submits submits) throws Exception {
        return submits.decode();
    }

    @Benchmark
    public int encodeResult(Results results) throws Exception {
        return results.encode();
    }

    @Benchmark
    public Object decodeResult(Results results) throws Exception {
        return results.decode();
    }
}
