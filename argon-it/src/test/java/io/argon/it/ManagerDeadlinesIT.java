package io.argon.it;

import static io.argon.it.ManagerProcesses.awaitRegisteredNodes;
import static io.argon.it.ManagerProcesses.startManager;
import static io.argon.it.ManagerProcesses.startManagerOn;
import static io.argon.it.ManagerProcesses.startNode;
import static io.argon.it.ManagerProcesses.startNodes;
import static io.argon.it.Tasks.PID;
import static io.argon.it.Tasks.SAMPLE;
import static io.argon.it.Tasks.sample;
import static io.argon.it.Timeouts.ANSWERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import io.argon.client.FailureKind;
import io.argon.client.SubmitOptions;
import io.argon.client.TaskFailedException;
import io.argon.core.Futures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deadlines, cancels, a manager's restart, nodes that leave, and frame limits across the hop,
 * with a real manager and real nodes (one fake node where a node must misbehave).
 */
class ManagerDeadlinesIT {
    private static final String SPIN = "io.argon.it.tasks.Spin";
    private static final String RECORD = "io.argon.it.tasks.Record";

    private static TaskFailedException failure(CompletableFuture<?> task) {
        Throwable failed = Futures.unwrap(catchThrowable(() -> task.get(ANSWERS.toSeconds(), TimeUnit.SECONDS)));
        assertThat(failed).isInstanceOf(TaskFailedException.class);
        return (TaskFailedException) failed;
    }

    @Test
    void aStuckTaskIsAnsweredTimeoutThroughTheManagerAndTheNextTaskRunsAtOnce() throws Exception {
        try (ArgonProcess manager = startManager();
             ArgonProcess node = startNode(manager.port(), "-w", "1", "-i", Tasks.testClasses());
             ArgonClient client = new ArgonClient("127.0.0.1", manager.port())) {
            awaitRegisteredNodes(manager, 1);
            long sent = System.nanoTime();
            TaskFailedException timeout = failure(client.submit(SPIN, Map.of("seconds", 30),
                    SubmitOptions.DEFAULT.withTimeout(Duration.ofSeconds(1))));
            assertThat(timeout.kind()).isEqualTo(FailureKind.TIMEOUT);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).isLessThan(5_000);
            assertThat(client.submit(PID, Map.of()).get(ANSWERS.toSeconds(), TimeUnit.SECONDS).asLong()).isPositive();
            node.awaitLine("ran past its timeout|was cancelled");
        }
    }

    @Test
    void cancelsReachTheTaskWhereverItIs(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("runs.log");
        try (ArgonProcess manager = startManager();
             ArgonProcess node = startNode(manager.port(), "-w", "1", "-i", Tasks.testClasses());
             ArgonClient client = new ArgonClient("127.0.0.1", manager.port())) {
            awaitRegisteredNodes(manager, 1);
            CompletableFuture<JsonNode> running = client.submit(SAMPLE, sample(1, 30));
            CompletableFuture<JsonNode> queued = client.submit(RECORD, Map.of("log", log.toString(), "mark", "queued", "delay", 0));
            node.awaitStatus("the task running", s -> s.get("busy").asInt() == 1, ANSWERS);
            manager.awaitStatus("one queued", s -> s.get("queued").asInt() == 1, ANSWERS);

            assertThat(queued.cancel(true)).isTrue();
            assertThat(running.cancel(true)).isTrue();
            assertThatThrownBy(running::join).isInstanceOf(CancellationException.class);
            node.awaitStatus("the worker free", s -> s.get("busy").asInt() == 0, ANSWERS);
            assertThat(client.submit(PID, Map.of()).get(ANSWERS.toSeconds(), TimeUnit.SECONDS).asLong()).isPositive();
            assertThat(log).doesNotExist();
        }
    }

    @Test
    void aNodeThatAnswersPingsButNotItsTaskCostsTheTaskATimeoutNotForever() throws Exception {
        try (ArgonProcess manager = startManager();
             FakeNode silent = new FakeNode(manager.port(), "127.0.0.1:1", 1, 0, 600_000);
             ArgonClient client = new ArgonClient("127.0.0.1", manager.port())) {
            TaskFailedException timeout = failure(client.submit(SAMPLE, sample(1, 0),
                    SubmitOptions.DEFAULT.withTimeout(Duration.ofSeconds(1))));
            assertThat(timeout.kind()).isEqualTo(FailureKind.TIMEOUT);
            assertThat(timeout.remoteMessage()).contains("node 127.0.0.1:1 did not answer within the task's timeout of 1000 ms");
            assertThat(silent.pings()).isPositive();
        }
    }

    @Test
    void aTaskSubmittedRightAfterAManagerRestartWaitsForTheNodesAndRuns() throws Exception {
        int port = ArgonProcess.freePort();
        ArgonProcess first = startManagerOn(port);
        ArgonProcess second = null;
        try (ArgonProcess node = startNode(port, "-w", "1")) {
            awaitRegisteredNodes(first, 1);
            first.kill();
            first.waitFor(Duration.ofSeconds(10));
            second = startManagerOn(port);
            try (ArgonClient client = new ArgonClient("127.0.0.1", port)) {
                assertThat(client.submit(SAMPLE, sample(7, 0)).get(ANSWERS.toSeconds(), TimeUnit.SECONDS).asInt()).isEqualTo(7);
            }
        } finally {
            Quietly.close(second);
            first.close();
        }
    }

    @Test
    void sigtermOfOneOfTwoNodesDuringARunCostsNoTaskAnError() throws Exception {
        try (ArgonProcess manager = startManager();
             ArgonClient client = new ArgonClient("127.0.0.1", manager.port())) {
            List<ArgonProcess> nodes = startNodes(manager.port(), List.of(List.of("-w", "2"), List.of("-w", "2")));
            try {
                awaitRegisteredNodes(manager, 2);
                ArgonProcess leaving = nodes.get(0);
                TaskLoad load = TaskLoad.start(2000, 16, ANSWERS, i -> client.submit(SAMPLE, sample(i, 0.01)));
                load.awaitAnswered(300, ANSWERS);
                leaving.terminate();
                load.awaitAllAnswered(ANSWERS);
                assertThat(load.errors()).isEmpty();
                assertThat(load.results()).hasSize(2000);
                assertThat(leaving.waitFor(Duration.ofSeconds(40))).isZero();
                manager.awaitLine("node " + leaving.address().replace(".", "\\.") + " is leaving");
                manager.awaitLine("node " + leaving.address().replace(".", "\\.") + " gone: it left");
                assertThat(manager.output()).doesNotContain(leaving.address() + " lost");
            } finally {
                nodes.forEach(Quietly::close);
            }
        }
    }

    @Test
    void aResultTooLargeForTheManagerFailsThatTaskAloneAndTheNodeStays() throws Exception {
        try (ArgonProcess manager = startManager("--max-frame-bytes", "65536");
             ArgonProcess node = startNode(manager.port(), "-w", "2", "-i", Tasks.testClasses());
             ArgonClient client = new ArgonClient("127.0.0.1", manager.port())) {
            awaitRegisteredNodes(manager, 1);
            CompletableFuture<JsonNode> slow = client.submit(SAMPLE, sample(3, 0.5));
            TaskFailedException tooLarge = failure(client.submit("io.argon.it.tasks.Blob", Map.of("bytes", 100_000)));
            assertThat(tooLarge.kind()).isEqualTo(FailureKind.BAD_RESULT);
            assertThat(tooLarge.remoteMessage()).contains("above the frame limit of 65536 bytes");
            assertThat(slow.get(ANSWERS.toSeconds(), TimeUnit.SECONDS).asInt()).isEqualTo(3);
            assertThat(client.submit("io.argon.it.tasks.Blob", Map.of("bytes", 1000)).get(ANSWERS.toSeconds(), TimeUnit.SECONDS)
                    .asText()).hasSize(1000);
            assertThat(manager.output()).doesNotContain(node.address() + " lost");
        }
    }

    @Test
    void aClientThatGoesAwayThroughTheManagerRunsAtMostItsRunningTask(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("runs.log");
        try (ArgonProcess manager = startManager("-l", "64");
             ArgonProcess node = startNode(manager.port(), "-w", "1", "-i", Tasks.testClasses())) {
            awaitRegisteredNodes(manager, 1);
            try (RawConnection raw = new RawConnection(manager.port())) {
                for (int i = 0; i <= 50; i++) {
                    raw.sendFrame("{\"type\":\"submit\",\"id\":\"t" + i + "\",\"class\":\"" + RECORD + "\",\"params\":{\"log\":\""
                            + log + "\",\"mark\":\"t" + i + "\",\"delay\":" + (i == 0 ? 1 : 0) + "}}");
                }
                manager.awaitStatus("50 queued", s -> s.get("queued").asInt() == 50, ANSWERS);
            }
            manager.awaitStatus("nothing queued", s -> s.get("queued").asInt() == 0, ANSWERS);
            node.awaitStatus("nothing held", s -> s.get("busy").asInt() == 0 && s.get("queued").asInt() == 0, ANSWERS);
            List<String> runs = new ArrayList<>(Files.readAllLines(log));
            assertThat(runs).containsExactly("t0");
        }
    }
}
