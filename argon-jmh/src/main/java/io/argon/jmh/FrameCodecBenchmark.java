package io.argon.jmh;

import io.argon.core.codec.MessageCodec;
import io.argon.protocol.Message;
import io.argon.protocol.Messages;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
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
 * The real pipeline codec ({@link MessageCodec}: length-prefixed frames, then JSON) on an
 * embedded channel: a message written becomes one frame, and one frame read becomes a message,
 * as on every client, node and worker connection. Compare with
 * {@link io.argon.core.net.MessageCodecBenchmark} to see what framing and the pipeline add to
 * the codec's JSON work.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameCodecBenchmark {
    /** A channel with the codec installed, and one message with its frame. */
    public abstract static class Codec {
        EmbeddedChannel channel;
        Message message;
        ByteBuf frame;

        abstract Message sample();

        @Setup
        public void setUp() {
            channel = new EmbeddedChannel();
            MessageCodec.install(channel.pipeline(), Messages.DEFAULT_MAX_FRAME_BYTES);
            message = sample();
            channel.writeOutbound(message);
            frame = channel.readOutbound();
        }

        @TearDown
        public void tearDown() {
            frame.release();
            channel.finishAndReleaseAll();
        }

        /** Writes a message; returns its frame's length. */
        int encode(Message outgoing) {
            channel.writeOutbound(outgoing);
            ByteBuf written = channel.readOutbound();
            int length = written.readableBytes();
            written.release();
            return length;
        }

        Message decode() {
            channel.writeInbound(frame.retainedDuplicate());
            return channel.readInbound();
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
    public int encodeSubmit(Submits submits) {
        return submits.encode(submits.message);
    }

    @Benchmark
    public Message decodeSubmit(Submits submits) {
        return submits.decode();
    }

    @Benchmark
    public int encodeResult(Results results) {
        return results.encode(results.message);
    }

    @Benchmark
    public Message decodeResult(Results results) {
        return results.decode();
    }

    /** What a node does with every answer: reads the result frame from a worker, writes it to the client. */
    @Benchmark
    public int relayResult(Results results) {
        return results.encode(results.decode());
    }
}
