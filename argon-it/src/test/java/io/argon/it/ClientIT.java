package io.argon.it;

import static io.argon.it.Tasks.SAMPLE;
import static io.argon.it.Tasks.sample;
import static io.argon.it.Timeouts.ANSWERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import io.argon.client.ConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The client when the server goes away: nothing hangs, and it reconnects on next use. */
class ClientIT {

    @Test
    void aLostConnectionFailsEveryTaskInFlightAndTheClientReconnectsLater() throws Exception {
        int port = ArgonProcess.freePort();
        ArgonProcess first = ArgonProcess.startNode("-w", "1", "-p", Integer.toString(port));
        try (ArgonClient client = new ArgonClient("127.0.0.1", port)) {
            List<CompletableFuture<JsonNode>> inFlight = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                inFlight.add(client.submit(SAMPLE, sample(i, 30)));
            }
            first.awaitStatus("one running, four queued", s -> s.get("busy").asInt() == 1 && s.get("queued").asInt() == 4, ANSWERS);
            first.kill();
            for (CompletableFuture<JsonNode> task : inFlight) {
                assertThatThrownBy(() -> task.get(10, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(ConnectionException.class);
            }
            first.waitFor(Duration.ofSeconds(10));

            assertThatThrownBy(() -> client.process(SAMPLE, sample(1, 0)))
                    .isInstanceOf(ConnectionException.class).hasMessageContaining("cannot connect");

            try (ArgonProcess second = ArgonProcess.startNode("-w", "1", "-p", Integer.toString(port))) {
                assertThat(client.process(SAMPLE, sample(8, 0)).asInt()).isEqualTo(8);
            }
        } finally {
            first.close();
        }
    }

    @Test
    void connectingToNothingFailsClearly() throws Exception {
        int port = ArgonProcess.freePort();
        try (ArgonClient client = new ArgonClient("127.0.0.1", port)) {
            CompletableFuture<JsonNode> task = client.submit(SAMPLE, sample(1, 0));
            assertThatThrownBy(task::join).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(ConnectionException.class);
        }
    }
}
