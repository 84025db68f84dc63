package io.argon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import io.argon.client.ClientOptions;
import io.argon.client.FailureKind;
import io.argon.client.TaskFailedException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A node answers bad input with clear errors and keeps serving everyone else. */
class ProtocolIT {
    private static ArgonProcess node;

    @BeforeAll
    static void startNode() throws Exception {
        node = ArgonProcess.startNode("-w", "1", "--max-frame-bytes", "65536");
    }

    @AfterAll
    static void stopNode() throws Exception {
        node.close();
    }

    @Test
    void aFrameThatIsNotJsonGetsAnErrorAndTheConnectionCarriesOn() throws Exception {
        try (RawConnection raw = new RawConnection(node.port())) {
            raw.sendFrame("this is not json");
            JsonNode error = raw.readFrame();
            assertThat(error.get("type").asText()).isEqualTo("error");
            assertThat(error.get("kind").asText()).isEqualTo("bad_frame");

            raw.sendFrame("{\"type\":\"ping\",\"id\":\"p1\"}");
            JsonNode pong = raw.readFrame();
            assertThat(pong.get("type").asText()).isEqualTo("pong");
            assertThat(pong.get("id").asText()).isEqualTo("p1");
        }
    }

    @Test
    void unknownAndInvalidMessagesAreAnsweredWithTheirId() throws Exception {
        try (RawConnection raw = new RawConnection(node.port())) {
            raw.sendFrame("{\"type\":\"teleport\",\"id\":\"t1\"}");
            JsonNode unknown = raw.readFrame();
            assertThat(unknown.get("kind").asText()).isEqualTo("unknown_message");
            assertThat(unknown.get("id").asText()).isEqualTo("t1");

            raw.sendFrame("{\"type\":\"submit\",\"id\":\"s1\",\"params\":{}}");
            JsonNode invalid = raw.readFrame();
            assertThat(invalid.get("kind").asText()).isEqualTo("bad_request");
            assertThat(invalid.get("id").asText()).isEqualTo("s1");

            raw.sendFrame("{\"type\":\"register\",\"id\":\"r1\",\"address\":\"x:1\",\"workers\":1}");
            assertThat(raw.readFrame().get("kind").asText()).isEqualTo("unknown_message");

            raw.sendFrame("{\"type\":\"submit\",\"id\":\"s2\",\"class\":\"io.argon.examples.SampleTask\",\"params\":{\"num\":9}}");
            JsonNode result = raw.readFrame();
            assertThat(result.get("type").asText()).isEqualTo("result");
            assertThat(result.get("id").asText()).isEqualTo("s2");
            assertThat(result.get("result").asInt()).isEqualTo(9);
        }
    }

    @Test
    void anOversizedFrameIsRefusedAndOnlyThatConnectionIsClosed() throws Exception {
        try (RawConnection raw = new RawConnection(node.port())) {
            raw.sendLength(100 * 1024 * 1024);
            JsonNode error = raw.readFrame();
            assertThat(error.get("kind").asText()).isEqualTo("frame_too_large");
            assertThat(raw.isClosedByPeer()).isTrue();
        }
        try (RawConnection negative = new RawConnection(node.port())) {
            negative.sendLength(-5);
            assertThat(negative.readFrame().get("type").asText()).isEqualTo("error");
            assertThat(negative.isClosedByPeer()).isTrue();
        }
        try (ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            assertThat(client.process(Tasks.SAMPLE, Tasks.sample(5, 0)).asInt()).isEqualTo(5);
        }
    }

    @Test
    void aClientCannotSendMoreThanTheFrameLimit() throws Exception {
        try (ArgonClient client = new ArgonClient("127.0.0.1", node.port(), ClientOptions.defaults().withMaxFrameBytes(65536))) {
            String big = "x".repeat(100_000);
            assertThatThrownBy(() -> client.process(Tasks.FAIL, Map.of("message", big)))
                    .isInstanceOfSatisfying(TaskFailedException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.FRAME_TOO_LARGE))
                    .hasMessageContaining("more than the limit of 65536 bytes").hasMessageContaining("it was not sent");
            assertThat(client.process(Tasks.SAMPLE, Tasks.sample(6, 0)).asInt()).isEqualTo(6);
        }
    }
}
