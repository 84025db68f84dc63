package io.argon.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Json;
import io.argon.protocol.Message;
import io.argon.protocol.Messages;
import io.argon.protocol.Ping;
import io.argon.protocol.Pong;
import io.argon.protocol.RawJson;
import io.argon.protocol.Result;
import io.argon.protocol.Submit;
import io.argon.task.Priority;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

class MessageCodecTest {
    private static final int MAX = 256;

    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void closeChannels() {
        for (EmbeddedChannel channel : channels) {
            channel.finishAndReleaseAll();
        }
    }

    /** A channel with just the codec: decoded messages and decoding errors surface to the test. */
    private EmbeddedChannel codecChannel(int max) {
        EmbeddedChannel channel = new EmbeddedChannel();
        MessageCodec.install(channel.pipeline(), max);
        channels.add(channel);
        return channel;
    }

    /** A channel that answers protocol errors the way the daemons do. */
    private EmbeddedChannel daemonChannel(int max) {
        EmbeddedChannel channel = codecChannel(max);
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ProtocolErrors.handle(ctx, cause, NOPLogger.NOP_LOGGER);
            }
        });
        return channel;
    }

    private static ByteBuf frame(String json) {
        return frame(json.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuf frame(byte[] payload) {
        ByteBuf buf = Unpooled.buffer(4 + payload.length);
        buf.writeInt(payload.length);
        buf.writeBytes(payload);
        return buf;
    }

    private static byte[] bytes(ByteBuf buf) {
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** Encodes with a codec channel and returns the bytes written. */
    private byte[] encode(Message message) {
        EmbeddedChannel channel = codecChannel(Messages.DEFAULT_MAX_FRAME_BYTES);
        assertThat(channel.writeOutbound(message)).isTrue();
        ByteBuf out = Unpooled.buffer();
        ByteBuf part;
        while ((part = channel.readOutbound()) != null) {
            out.writeBytes(part);
            part.release();
        }
        return bytes(out);
    }

    /** Reads every frame the channel has written and parses each payload back into a message. */
    private static List<Message> writtenMessages(EmbeddedChannel channel) throws IOException {
        ByteBuf all = Unpooled.buffer();
        ByteBuf part;
        while ((part = channel.readOutbound()) != null) {
            all.writeBytes(part);
            part.release();
        }
        List<Message> messages = new ArrayList<>();
        try {
            while (all.isReadable()) {
                int length = all.readInt();
                byte[] payload = new byte[length];
                all.readBytes(payload);
                messages.add(Messages.decode(payload));
            }
        } finally {
            all.release();
        }
        return messages;
    }

    /** A ping whose JSON payload is exactly {@code length} bytes. */
    private static String pingOfLength(int length) {
        String empty = "{\"type\":\"ping\",\"id\":\"\"}";
        return "{\"type\":\"ping\",\"id\":\"" + "p".repeat(length - empty.length()) + "\"}";
    }

    // ---- encoder and decoder ----

    @Test
    void encodesABigEndianLengthPrefixThenTheJson() throws Exception {
        Ping ping = new Ping("1");
        byte[] json = Messages.encode(ping);
        byte[] frame = encode(ping);
        assertThat(frame).hasSize(4 + json.length);
        assertThat(frame[0]).isZero();
        assertThat(frame[1]).isZero();
        assertThat(frame[2]).isZero();
        assertThat(frame[3] & 0xff).isEqualTo(json.length);
        assertThat(java.util.Arrays.copyOfRange(frame, 4, frame.length)).isEqualTo(json);
    }

    @Test
    void encodesTheDocumentedExampleFrame() {
        byte[] frame = encode(new Ping("1"));
        // The example frame in docs/PROTOCOL.md.
        assertThat(ByteBufUtil.hexDump(frame))
                .isEqualTo("00000018" + "7b2274797065223a2270696e67222c226964223a2231227d");
        assertThat(new String(frame, 4, frame.length - 4, StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"ping\",\"id\":\"1\"}");
    }

    @Test
    void decodesTheDocumentedExampleFrame() {
        EmbeddedChannel channel = codecChannel(MAX);
        channel.writeInbound(Unpooled.wrappedBuffer(
                ByteBufUtil.decodeHexDump("00000018" + "7b2274797065223a2270696e67222c226964223a2231227d")));
        assertThat((Message) channel.readInbound()).isEqualTo(new Ping("1"));
    }

    @Test
    void theLengthCountsUtf8BytesNotCharacters() throws Exception {
        Result result = new Result("é", RawJson.of(Json.MAPPER.readTree("\"grüße, 世界\"")));
        byte[] frame = encode(result);
        int length = Unpooled.wrappedBuffer(frame).readInt();
        assertThat(length).isEqualTo(frame.length - 4);
        assertThat(Messages.encode(result)).hasSize(length);
    }

    @Test
    void roundTripsThroughEncoderAndDecoder() throws Exception {
        Submit submit = new Submit("42", "io.argon.examples.SampleTask",
                RawJson.parse("{\"num\":42,\"delay\":0}"),
                Priority.HIGH, true);
        EmbeddedChannel channel = codecChannel(MAX);
        assertThat(channel.writeInbound(Unpooled.wrappedBuffer(encode(submit)))).isTrue();
        assertThat((Message) channel.readInbound()).isEqualTo(submit);
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void aFrameSplitAcrossReadsDecodesOnceComplete() {
        byte[] frame = bytes(frame("{\"type\":\"ping\",\"id\":\"split\"}"));
        EmbeddedChannel channel = codecChannel(MAX);
        // Split inside the length prefix, then inside the payload.
        assertThat(channel.writeInbound(Unpooled.wrappedBuffer(frame, 0, 2))).isFalse();
        assertThat(channel.writeInbound(Unpooled.wrappedBuffer(frame, 2, 5))).isFalse();
        assertThat(channel.writeInbound(Unpooled.wrappedBuffer(frame, 7, frame.length - 8))).isFalse();
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.writeInbound(Unpooled.wrappedBuffer(frame, frame.length - 1, 1))).isTrue();
        assertThat((Message) channel.readInbound()).isEqualTo(new Ping("split"));
    }

    @Test
    void aFrameArrivingOneByteAtATimeDecodes() {
        byte[] frame = bytes(frame("{\"type\":\"pong\",\"id\":\"b\"}"));
        EmbeddedChannel channel = codecChannel(MAX);
        for (int i = 0; i < frame.length; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(frame, i, 1));
        }
        assertThat((Message) channel.readInbound()).isEqualTo(new Pong("b"));
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void severalFramesInOneReadDecodeInOrder() {
        ByteBuf batch = Unpooled.buffer();
        for (int i = 1; i <= 3; i++) {
            batch.writeBytes(frame("{\"type\":\"ping\",\"id\":\"" + i + "\"}"));
        }
        // And the first half of a fourth.
        byte[] fourth = bytes(frame("{\"type\":\"ping\",\"id\":\"4\"}"));
        batch.writeBytes(fourth, 0, 10);
        EmbeddedChannel channel = codecChannel(MAX);
        channel.writeInbound(batch);
        assertThat((Message) channel.readInbound()).isEqualTo(new Ping("1"));
        assertThat((Message) channel.readInbound()).isEqualTo(new Ping("2"));
        assertThat((Message) channel.readInbound()).isEqualTo(new Ping("3"));
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(Unpooled.wrappedBuffer(fourth, 10, fourth.length - 10));
        assertThat((Message) channel.readInbound()).isEqualTo(new Ping("4"));
    }

    @Test
    void aPayloadOfExactlyTheMaximumIsAccepted() {
        String json = pingOfLength(MAX);
        assertThat(json.getBytes(StandardCharsets.UTF_8)).hasSize(MAX);
        EmbeddedChannel channel = codecChannel(MAX);
        channel.writeInbound(frame(json));
        assertThat((Message) channel.readInbound()).isInstanceOf(Ping.class);
    }

    @Test
    void aLengthAboveTheMaximumIsRefusedAsSoonAsItIsRead() {
        EmbeddedChannel channel = codecChannel(MAX);
        ByteBuf header = Unpooled.buffer().writeInt(MAX + 1);
        // Only the length has arrived: fail-fast refuses it without waiting for the payload.
        assertThatThrownBy(() -> channel.writeInbound(header))
                .isInstanceOf(TooLongFrameException.class);
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void aHugeLengthIsTreatedAsTooLongNotNegative() {
        EmbeddedChannel channel = codecChannel(MAX);
        ByteBuf header = Unpooled.buffer().writeInt(0xFFFFFFFF);
        assertThatThrownBy(() -> channel.writeInbound(header)).isInstanceOf(TooLongFrameException.class);
    }

    @Test
    void aPayloadOneByteOverTheMaximumIsRefused() {
        EmbeddedChannel channel = codecChannel(MAX);
        assertThatThrownBy(() -> channel.writeInbound(frame(pingOfLength(MAX + 1))))
                .isInstanceOf(TooLongFrameException.class);
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void aPayloadThatIsNotJsonIsABadFrameWithoutAnId() {
        EmbeddedChannel channel = codecChannel(MAX);
        assertThatThrownBy(() -> channel.writeInbound(frame("this is not json")))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.BAD_FRAME);
                    assertThat(e.requestId()).isNull();
                });
    }

    @Test
    void anEmptyPayloadIsABadFrame() {
        EmbeddedChannel channel = codecChannel(MAX);
        assertThatThrownBy(() -> channel.writeInbound(frame(new byte[0])))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.BAD_FRAME);
                    assertThat(e.requestId()).isNull();
                });
    }

    @Test
    void jsonThatIsNotAnObjectIsABadFrame() {
        for (String json : List.of("[1,2]", "42", "\"ping\"", "true")) {
            EmbeddedChannel channel = codecChannel(MAX);
            assertThatThrownBy(() -> channel.writeInbound(frame(json)))
                    .as(json)
                    .isInstanceOfSatisfying(ProtocolException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.BAD_FRAME);
                        assertThat(e.requestId()).isNull();
                    });
        }
    }

    @Test
    void aJsonNullPayloadIsABadFrame() {
        EmbeddedChannel channel = codecChannel(MAX);
        assertThatThrownBy(() -> channel.writeInbound(frame("null")))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.BAD_FRAME);
                    assertThat(e.requestId()).isNull();
                });
    }

    @Test
    void anUnknownTypeIsAnUnknownMessageCarryingTheId() {
        EmbeddedChannel channel = codecChannel(MAX);
        assertThatThrownBy(() -> channel.writeInbound(frame("{\"type\":\"launch\",\"id\":\"abc\"}")))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN_MESSAGE);
                    assertThat(e.requestId()).isEqualTo("abc");
                    assertThat(e.getMessage()).contains("launch");
                });
    }

    @Test
    void aMissingTypeIsAnUnknownMessageCarryingTheId() {
        EmbeddedChannel channel = codecChannel(MAX);
        assertThatThrownBy(() -> channel.writeInbound(frame("{\"id\":\"abc\",\"class\":\"C\"}")))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN_MESSAGE);
                    assertThat(e.requestId()).isEqualTo("abc");
                });
    }

    @Test
    void aSubmitWithoutAClassIsABadRequestCarryingTheId() {
        EmbeddedChannel channel = codecChannel(MAX);
        assertThatThrownBy(() -> channel.writeInbound(frame("{\"type\":\"submit\",\"id\":\"s-1\",\"params\":{}}")))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
                    assertThat(e.requestId()).isEqualTo("s-1");
                    assertThat(e.getMessage()).contains("submit").contains("class");
                });
    }

    @Test
    void aBadPriorityIsABadRequestCarryingTheId() {
        EmbeddedChannel channel = codecChannel(MAX);
        assertThatThrownBy(() -> channel.writeInbound(
                frame("{\"type\":\"submit\",\"id\":\"s-2\",\"class\":\"C\",\"priority\":\"asap\"}")))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
                    assertThat(e.requestId()).isEqualTo("s-2");
                });
    }

    @Test
    void aMissingIdIsABadRequestWithoutAnId() {
        EmbeddedChannel channel = codecChannel(MAX);
        assertThatThrownBy(() -> channel.writeInbound(frame("{\"type\":\"ping\"}")))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
                    assertThat(e.requestId()).isNull();
                });
    }

    @Test
    void aNullIdIsReportedAsNoId() {
        EmbeddedChannel channel = codecChannel(MAX);
        assertThatThrownBy(() -> channel.writeInbound(frame("{\"type\":\"ping\",\"id\":null}")))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
                    assertThat(e.requestId()).isNull();
                });
    }

    @Test
    void theConnectionCarriesOnAfterABadFrame() {
        EmbeddedChannel channel = codecChannel(MAX);
        ByteBuf batch = Unpooled.buffer();
        batch.writeBytes(frame("{\"type\":\"nonsense\",\"id\":\"1\"}"));
        batch.writeBytes(frame("{\"type\":\"ping\",\"id\":\"2\"}"));
        // The bad frame fails its read, but the framing is intact: the good frame behind it in
        // the same read is still decoded.
        assertThatThrownBy(() -> channel.writeInbound(batch)).isInstanceOf(ProtocolException.class);
        assertThat((Message) channel.readInbound()).isEqualTo(new Ping("2"));

        assertThatThrownBy(() -> channel.writeInbound(frame("{not json"))).isInstanceOf(ProtocolException.class);
        channel.writeInbound(frame("{\"type\":\"ping\",\"id\":\"3\"}"));
        assertThat((Message) channel.readInbound()).isEqualTo(new Ping("3"));
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void theEncoderRefusesAMessageAboveTheMaximumAndWritesNothing() {
        EmbeddedChannel channel = codecChannel(MAX);
        Ping tooBig = new Ping("p".repeat(MAX)); // its JSON is more than MAX bytes
        ChannelFuture write = channel.writeAndFlush(tooBig);
        assertThat(write.isDone()).isTrue();
        assertThat(write.cause()).isInstanceOf(EncoderException.class).hasMessageContaining("exceeds the frame limit");
        assertThat((Object) channel.readOutbound()).isNull();
        // writeOutbound surfaces the failed write as an exception.
        assertThatThrownBy(() -> channel.writeOutbound(tooBig)).isInstanceOf(EncoderException.class);
        assertThat((Object) channel.readOutbound()).isNull();

        // The channel is still usable for messages that fit.
        assertThat(channel.writeAndFlush(new Pong("ok")).isSuccess()).isTrue();
        ByteBuf out = channel.readOutbound();
        assertThat(out.readInt()).isEqualTo(out.readableBytes());
        out.release();
    }

    @Test
    void aResultTooLargeForTheLinkGoesOutAsBadResultForThatTaskAlone() throws IOException {
        EmbeddedChannel channel = codecChannel(MAX);
        Result tooBig = new Result("r7", RawJson.parse("\"" + "x".repeat(MAX) + "\""));
        assertThat(channel.writeAndFlush(tooBig).isSuccess()).isTrue();
        ByteBuf out = channel.readOutbound();
        out.skipBytes(4);
        Failure failure = (Failure) Messages.decode(ByteBufUtil.getBytes(out));
        out.release();
        assertThat(failure.id()).isEqualTo("r7");
        assertThat(failure.kind()).isEqualTo(ErrorKind.BAD_RESULT);
        assertThat(failure.message()).contains("above the frame limit of " + MAX + " bytes");
    }

    @Test
    void theEncoderAcceptsAMessageOfExactlyTheMaximum() throws IOException {
        EmbeddedChannel channel = codecChannel(MAX);
        // Sized from what the writer produces, whatever fields it writes.
        int overhead = Messages.encode(new Ping("p")).length - 1;
        Ping ping = new Ping("p".repeat(MAX - overhead));
        assertThat(Messages.encode(ping)).hasSize(MAX);
        assertThat(channel.writeAndFlush(ping).isSuccess()).isTrue();
        assertThat(writtenMessages(channel)).containsExactly(ping);
    }

    // ---- ProtocolErrors ----

    @Test
    void aBadMessageIsAnsweredAndTheConnectionStaysOpen() throws IOException {
        EmbeddedChannel channel = daemonChannel(MAX);
        channel.writeInbound(frame("{\"type\":\"submit\",\"id\":\"s-9\"}"));
        channel.runPendingTasks();
        List<Message> replies = writtenMessages(channel);
        assertThat(replies).hasSize(1);
        Failure failure = (Failure) replies.get(0);
        assertThat(failure.id()).isEqualTo("s-9");
        assertThat(failure.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
        assertThat(failure.message()).contains("class");
        assertThat(channel.isOpen()).isTrue();

        // And it keeps reading.
        channel.writeInbound(frame("{\"type\":\"ping\",\"id\":\"after\"}"));
        assertThat((Message) channel.readInbound()).isEqualTo(new Ping("after"));
    }

    @Test
    void aFrameThatIsNotJsonIsAnsweredWithABadFrameErrorWithoutAnId() throws IOException {
        EmbeddedChannel channel = daemonChannel(MAX);
        channel.writeInbound(frame(new byte[] {(byte) 0xff, 0x00, 0x01}));
        channel.runPendingTasks();
        List<Message> replies = writtenMessages(channel);
        assertThat(replies).hasSize(1);
        Failure failure = (Failure) replies.get(0);
        assertThat(failure.id()).isNull();
        assertThat(failure.kind()).isEqualTo(ErrorKind.BAD_FRAME);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void anUnknownMessageIsAnsweredWithItsId() throws IOException {
        EmbeddedChannel channel = daemonChannel(MAX);
        channel.writeInbound(frame("{\"type\":\"teleport\",\"id\":\"t\"}"));
        channel.runPendingTasks();
        assertThat(writtenMessages(channel)).singleElement().satisfies(reply -> {
            assertThat(reply).isInstanceOf(Failure.class);
            assertThat(((Failure) reply).kind()).isEqualTo(ErrorKind.UNKNOWN_MESSAGE);
            assertThat(reply.id()).isEqualTo("t");
        });
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aTooLongFrameIsAnsweredAndTheConnectionClosed() throws IOException {
        EmbeddedChannel channel = daemonChannel(MAX);
        channel.writeInbound(Unpooled.buffer().writeInt(MAX + 1).writeBytes(new byte[16]));
        channel.runPendingTasks();
        List<Message> replies = writtenMessages(channel);
        assertThat(replies).hasSize(1);
        Failure failure = (Failure) replies.get(0);
        assertThat(failure.id()).isNull();
        assertThat(failure.kind()).isEqualTo(ErrorKind.FRAME_TOO_LARGE);
        assertThat(failure.message()).contains("closing the connection");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aCorruptedFrameIsAnsweredAsABadFrameAndTheConnectionClosed() throws IOException {
        EmbeddedChannel channel = daemonChannel(MAX);
        channel.pipeline().fireExceptionCaught(new CorruptedFrameException("negative length"));
        channel.runPendingTasks();
        assertThat(writtenMessages(channel)).singleElement().satisfies(reply -> {
            assertThat(((Failure) reply).kind()).isEqualTo(ErrorKind.BAD_FRAME);
            assertThat(reply.id()).isNull();
        });
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anIoErrorClosesTheConnectionWithoutAReply() throws IOException {
        EmbeddedChannel channel = daemonChannel(MAX);
        channel.pipeline().fireExceptionCaught(new IOException("connection reset by peer"));
        channel.runPendingTasks();
        assertThat(writtenMessages(channel)).isEmpty();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anUnexpectedErrorClosesTheConnectionWithoutAReply() throws IOException {
        EmbeddedChannel channel = daemonChannel(MAX);
        channel.pipeline().fireExceptionCaught(new IllegalStateException("bug"));
        channel.runPendingTasks();
        assertThat(writtenMessages(channel)).isEmpty();
        assertThat(channel.isOpen()).isFalse();
    }
}
