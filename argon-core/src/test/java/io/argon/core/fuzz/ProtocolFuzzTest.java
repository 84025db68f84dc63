package io.argon.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.core.codec.MessageCodec;
import io.argon.core.daemon.ClientRequestHandler;
import io.argon.core.net.InstantService;
import io.argon.core.net.TestLoop;
import io.argon.protocol.Cancel;
import io.argon.protocol.Json;
import io.argon.protocol.MalformedMessageException;
import io.argon.protocol.Message;
import io.argon.protocol.Messages;
import io.argon.protocol.RawJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Random and damaged frames through the real codec and client-protocol handler: every frame is
 * answered exactly once (a cancel: never), under the id the oracle reads, the connection stays
 * open, and nothing escapes as an exception. {@code -Dargon.fuzz.seed=N -Dargon.fuzz.frames=N}
 * run it longer.
 */
class ProtocolFuzzTest {
    private static final int MAX_FRAME = 1 << 20;

    private final TestLoop test = new TestLoop();

    @AfterEach
    void close() {
        test.close();
    }

    /** A daemon's client side with a service that answers every task at once. */
    private EmbeddedChannel daemon() {
        EmbeddedChannel channel = test.channel();
        MessageCodec.install(channel.pipeline(), MAX_FRAME);
        channel.pipeline().addLast(new ClientRequestHandler("node", new InstantService(RawJson.NULL), new InstantService(RawJson.NULL)));
        return channel;
    }

    private static ByteBuf frame(byte[] payload) {
        return Unpooled.buffer(4 + payload.length).writeInt(payload.length).writeBytes(payload);
    }

    private static List<JsonNode> answers(EmbeddedChannel channel) throws Exception {
        List<JsonNode> answers = new ArrayList<>();
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            assertThat(out.readInt()).isEqualTo(out.readableBytes());
            answers.add(Json.MAPPER.readTree(ByteBufUtil.getBytes(out)));
            out.release();
        }
        return answers;
    }

    @Test
    void everyFrameIsAnsweredOnceUnderTheIdItCarries() throws Exception {
        long seed = FrameFuzzer.seed(20261130L);
        int count = FrameFuzzer.frames(100_000);
        FrameFuzzer fuzzer = new FrameFuzzer(seed);
        EmbeddedChannel daemon = daemon();
        int decoded = 0;
        int refused = 0;
        for (int i = 0; i < count; i++) {
            byte[] payload = fuzzer.next();
            String where = "frame " + i + " of seed " + seed + ": " + FrameFuzzer.show(payload);
            String readable = FrameFuzzer.readableId(payload);
            Message message;
            try {
                message = Messages.decode(payload);
                decoded++;
                assertThat(message.id()).as("the id taken, " + where).isEqualTo(readable);
            } catch (MalformedMessageException e) {
                message = null;
                refused++;
            }

            daemon.writeInbound(frame(payload));
            daemon.checkException();
            List<JsonNode> answers = answers(daemon);
            assertThat(answers).as("answers to " + where).hasSize(message instanceof Cancel ? 0 : 1);
            for (JsonNode answer : answers) {
                assertThat(answer.path("id").isMissingNode() ? null : answer.get("id").asText())
                        .as("the id answered under, " + where + " -> " + answer).isEqualTo(readable);
            }
            assertThat(daemon.isOpen()).as("open after " + where).isTrue();
        }
        System.out.printf("fuzzed %d frames of seed %d: %d valid messages, %d refused%n", count, seed, decoded, refused);
        assertThat(decoded).as("some frames are valid").isGreaterThan(count / 10);
        assertThat(refused).as("some frames are not").isGreaterThan(count / 10);
    }

    @Test
    void framesAtAndPastTheLimitAreAnsweredAndOnlyTheBrokenOnesCloseTheConnection() throws Exception {
        byte[] atLimit = ("{\"type\":\"ping\",\"id\":\"edge\",\"pad\":\"" + "x".repeat(MAX_FRAME - 40) + "\"}").getBytes();
        byte[] exactly = new byte[MAX_FRAME];
        System.arraycopy(atLimit, 0, exactly, 0, Math.min(atLimit.length, MAX_FRAME));
        String start = "{\"type\":\"ping\",\"id\":\"edge\",\"pad\":\"";
        byte[] padded = (start + "x".repeat(MAX_FRAME - start.length() - 2) + "\"}").getBytes();
        assertThat(padded).hasSize(MAX_FRAME);
        EmbeddedChannel daemon = daemon();
        daemon.writeInbound(frame(padded));
        assertThat(answers(daemon)).singleElement().satisfies(a -> assertThat(a.get("id").asText()).isEqualTo("edge"));

        for (int length : new int[] {MAX_FRAME + 1, Integer.MAX_VALUE, -1, -MAX_FRAME}) {
            EmbeddedChannel broken = daemon();
            broken.writeInbound(Unpooled.buffer().writeInt(length).writeBytes(new byte[16]));
            List<JsonNode> answers = answers(broken);
            assertThat(answers).as("length " + length).singleElement()
                    .satisfies(a -> assertThat(a.get("kind").asText()).isIn("frame_too_large", "bad_frame"));
            assertThat(broken.isOpen()).as("closed after length " + length).isFalse();
        }

        // Half a frame and then nothing more is no answer yet, and no harm.
        EmbeddedChannel half = daemon();
        half.writeInbound(Unpooled.buffer().writeInt(100).writeBytes(new byte[10]));
        assertThat(answers(half)).isEmpty();
        half.close();
        half.checkException();
    }
}
