package io.argon.it;

import static io.argon.it.Tasks.SAMPLE;
import static io.argon.it.Tasks.sample;
import static io.argon.it.Timeouts.ANSWERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import io.argon.client.FailureKind;
import io.argon.client.OutcomeUnknownException;
import io.argon.client.SubmitOptions;
import io.argon.client.TaskFailedException;
import io.argon.client.TaskFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Java client against real nodes that stop answering or are given up on: no future waits
 * for ever, and a task given up on frees its worker. And the loop README shows runs without
 * overrunning a small node.
 */
class ClientDeadlinesIT {

    @Test
    void withTheNodeFrozenATaskWithATimeoutFailsWithinItsTimeoutAndASecondAndOneWithoutOnceTheLinkIsFoundSilent()
            throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1");
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            client.connect();
            node.signal("STOP");
            try {
                long start = System.nanoTime();
                TaskFuture<JsonNode> bounded = client.submit(SAMPLE, sample(1, 0),
                        SubmitOptions.DEFAULT.withTimeout(Duration.ofSeconds(1)));
                TaskFuture<JsonNode> unbounded = client.submit(SAMPLE, sample(2, 0));

                assertThatThrownBy(() -> bounded.get(3, TimeUnit.SECONDS)).cause()
                        .isInstanceOfSatisfying(TaskFailedException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT));
                long boundedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                // The default heartbeat is 5 s: silent for two of them, the link is closed.
                assertThatThrownBy(() -> unbounded.get(15, TimeUnit.SECONDS)).cause()
                        .isInstanceOf(OutcomeUnknownException.class).hasMessageContaining("the link is silent");
                long unboundedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                System.out.println("frozen node: the 1 s task failed after " + boundedMillis + " ms, the one without a timeout after "
                        + unboundedMillis + " ms");
            } finally {
                node.signal("CONT");
            }
        }
    }

    @Test
    void orTimeoutAndCancelFreeTheWorker() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1");
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            CompletableFuture<JsonNode> timedOut = client.submit(SAMPLE, sample(1, 60)).orTimeout(200, TimeUnit.MILLISECONDS);
            node.awaitStatus("the task running", status -> status.get("busy").asInt() == 1, ANSWERS);
            assertThatThrownBy(() -> timedOut.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
            node.awaitStatus("the worker idle after orTimeout", status -> status.get("busy").asInt() == 0, ANSWERS);

            TaskFuture<JsonNode> cancelled = client.submit(SAMPLE, sample(2, 60));
            node.awaitStatus("the second task running", status -> status.get("busy").asInt() == 1, ANSWERS);
            cancelled.cancel(true);
            node.awaitStatus("the worker idle after cancel", status -> status.get("busy").asInt() == 0, ANSWERS);
            assertThat(client.process(SAMPLE, sample(3, 0)).asInt()).isEqualTo(3);
        }
    }

    @Test
    void readmesLoopOfAThousandSubmitsRunsOnATwoWorkerNodeWithoutOverrunningIt() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "2");
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            List<CompletableFuture<JsonNode>> results = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                results.add(client.submit(SAMPLE, Map.of("num", i)));
            }
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(ANSWERS.toSeconds(), TimeUnit.SECONDS);
            for (int i = 0; i < 1000; i++) {
                assertThat(results.get(i).join().asInt()).isEqualTo(i);
            }
            System.out.println("1,000 submits on 2 workers: " + client.rejections() + " rejections");
            assertThat(client.rejections()).isLessThan(10);
        }
    }
}
