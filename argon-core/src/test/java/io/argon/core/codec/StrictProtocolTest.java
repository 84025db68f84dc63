package io.argon.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.core.daemon.ClientRequestHandler;
import io.argon.core.net.InstantService;
import io.argon.core.net.TestLoop;
import io.argon.protocol.Json;
import io.argon.protocol.Messages;
import io.argon.protocol.RawJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The frames that the loose parser answered under the wrong id, or under none, or converted
 * silently: each is now answered under id "a" as docs/PROTOCOL.md says, through the real codec
 * and client-protocol handler.
 */
class StrictProtocolTest {
    private final TestLoop test = new TestLoop();
    private final EmbeddedChannel channel = test.channel();

    /** Answers every task at once with its own id, as a daemon would with a result. */
    private final InstantService service = new InstantService(RawJson.parse("\"ran\""));

    StrictProtocolTest() {
        MessageCodec.install(channel.pipeline(), Messages.DEFAULT_MAX_FRAME_BYTES);
        channel.pipeline().addLast(new ClientRequestHandler("node", service, service));
    }

    @AfterEach
    void close() {
        test.close();
    }

    /** Sends one frame; returns the one answer, as JSON. */
    private JsonNode answer(String json) throws Exception {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        ByteBuf frame = Unpooled.buffer().writeInt(payload.length).writeBytes(payload);
        channel.writeInbound(frame);
        ByteBuf out = channel.readOutbound();
        assertThat(out).as("an answer to " + json).isNotNull();
        out.skipBytes(4);
        JsonNode answer = Json.MAPPER.readTree(ByteBufUtil.getBytes(out));
        out.release();
        assertThat((Object) channel.readOutbound()).as("one answer only to " + json).isNull();
        return answer;
    }

    @Test
    void anIdNestedInAFieldThePingDoesNotUseIsNeverTakenForItsOwn() throws Exception {
        JsonNode pong = answer("{\"type\":\"ping\",\"id\":\"a\",\"idempotent\":{\"id\":\"b\"}}");
        assertThat(pong.get("type").asText()).isEqualTo("pong");
        assertThat(pong.get("id").asText()).isEqualTo("a");
        assertThat(answer("{\"type\":\"ping\",\"id\":\"a\",\"idempotent\":[true]}").get("type").asText()).isEqualTo("pong");
    }

    @Test
    void aFieldThatIsNotAStringIsABadRequestUnderTheIdWhereverTheIdStands() throws Exception {
        for (String frame : new String[] {
            "{\"type\":\"submit\",\"class\":[\"x\"],\"id\":\"a\"}",
            "{\"id\":\"a\",\"type\":\"submit\",\"class\":[\"x\"]}",
            "{\"type\":\"submit\",\"class\":\"C\",\"priority\":[\"high\"],\"id\":\"a\"}",
            "{\"type\":\"submit\",\"class\":5,\"id\":\"a\"}",
            "{\"type\":\"submit\",\"class\":\"C\",\"idempotent\":\"yes\",\"id\":\"a\"}",
            "{\"type\":\"submit\",\"class\":\"C\",\"timeout_ms\":\"100\",\"id\":\"a\"}",
        }) {
            JsonNode error = answer(frame);
            assertThat(error.get("type").asText()).as(frame).isEqualTo("error");
            assertThat(error.get("kind").asText()).as(frame).isEqualTo("bad_request");
            assertThat(error.get("id").asText()).as(frame).isEqualTo("a");
        }
        // The type is the exception: one that is not a string is no message the daemon knows (PROTOCOL.md).
        JsonNode unknown = answer("{\"type\":[\"submit\"],\"class\":\"C\",\"id\":\"a\"}");
        assertThat(unknown.get("kind").asText()).isEqualTo("unknown_message");
        assertThat(unknown.get("id").asText()).isEqualTo("a");
        JsonNode named = answer("{\"type\":\"submit\",\"class\":5,\"id\":\"a\"}");
        assertThat(named.get("message").asText()).contains("'class' must be a string, got a whole number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "17", "1.5", "null", "[\"a\"]", "{\"id\":\"a\"}", "\"\""})
    void anIdThatIsNotAUsableStringIsNeverAnsweredUnderAConversionOfIt(String id) throws Exception {
        JsonNode error = answer("{\"type\":\"ping\",\"id\":" + id + "}");
        assertThat(error.get("kind").asText()).isEqualTo("bad_request");
        assertThat(error.has("id")).as("no id: none could be read").isFalse();
    }

    @Test
    void aFieldAMessageDoesNotUseIsIgnoredWhateverItHolds() throws Exception {
        assertThat(answer("{\"type\":\"ping\",\"id\":\"a\",\"priority\":\"urgent\"}").get("type").asText()).isEqualTo("pong");
        assertThat(answer("{\"type\":\"ping\",\"id\":\"a\",\"class\":[1,{\"x\":[]}],\"params\":7}").get("type").asText())
                .isEqualTo("pong");
        JsonNode ran = answer("{\"type\":\"submit\",\"id\":\"a\",\"class\":\"C\",\"address\":{\"id\":\"z\"},\"result\":[]}");
        assertThat(ran.get("type").asText()).isEqualTo("result");
        assertThat(ran.get("id").asText()).isEqualTo("a");
    }

    @Test
    void validJsonIsNeverABadFrame() throws Exception {
        for (String frame : new String[] {
            "{\"type\":\"ping\",\"id\":\"a\",\"x\":" + "[".repeat(50) + "]".repeat(50) + "}",
            "{\"type\":\"submit\",\"id\":\"a\",\"class\":\"C\",\"max_attempts\":123456789012345678901234567890}",
            "{\"type\":\"register\",\"id\":\"a\",\"address\":\"h:1\",\"workers\":1e3}",
            "{\"type\":\"ping\",\"id\":\"a\",\"id\":\"b\"}",
            "{\"type\":\"ping\",\"type\":\"pong\",\"id\":\"a\"}",
        }) {
            assertThat(answer(frame).path("kind").asText()).as(frame).isNotEqualTo("bad_frame");
        }
        assertThat(answer("{\"type\":\"register\",\"id\":\"a\",\"address\":\"h:1\",\"workers\":1e3}").get("id").asText())
                .isEqualTo("a");
        assertThat(answer("{\"type\":\"ping\",\"id\":\"a\",\"id\":\"b\"}").has("id")).as("which id? neither").isFalse();
    }

    @Test
    void onlyWhatIsNotAJsonObjectIsABadFrameAndItCarriesNoId() throws Exception {
        for (String frame : new String[] {"{\"type\":\"ping\",\"id\":\"a\"", "[1]", "\"a\"", "{\"id\":\"a\"} {}", "{\"id\":\"a\",}"}) {
            JsonNode error = answer(frame);
            assertThat(error.get("kind").asText()).as(frame).isEqualTo("bad_frame");
            assertThat(error.has("id")).as(frame).isFalse();
        }
    }
}
