package io.argon.it;

import static io.argon.it.Tasks.EXIT;
import static io.argon.it.Tasks.PID;
import static io.argon.it.Tasks.SAMPLE;
import static io.argon.it.Tasks.sample;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deadlines, cancels and retries on a real node with real worker JVMs: no task waits forever,
 * none runs for nobody, and a worker that does not stop is replaced.
 */
class NodeDeadlinesIT {
    private static final String SPIN = "io.argon.it.tasks.Spin";
    private static final String RECORD = "io.argon.it.tasks.Record";
    private static final Duration ANSWER = Duration.ofSeconds(10);

    private static SubmitOptions timeout(Duration timeout) {
        return SubmitOptions.DEFAULT.withTimeout(timeout);
    }

    private static long onlyWorker(ArgonProcess node) {
        List<Long> pids = node.workers().stream().map(ProcessHandle::pid).toList();
        assertThat(pids).hasSize(1);
        return pids.get(0);
    }

    private static TaskFailedException failure(CompletableFuture<?> task) {
        Throwable cause = Futures.unwrap(
                catchThrowable(() -> task.get(ANSWER.toSeconds(), TimeUnit.SECONDS)));
        assertThat(cause).isInstanceOf(TaskFailedException.class);
        return (TaskFailedException) cause;
    }

    @Test
    void aStuckTaskPastItsTimeoutIsAnsweredTimeoutAndItsWorkerReplaced() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1", "-i", Tasks.testClasses());
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            long stuck = onlyWorker(node);
            long sent = System.nanoTime();
            TaskFailedException timeout = failure(client.submit(SPIN, Map.of("seconds", 30), timeout(Duration.ofSeconds(1))));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            assertThat(timeout.kind()).isEqualTo(FailureKind.TIMEOUT);
            assertThat(timeout.remoteMessage()).contains("ran past its timeout of 1000 ms");
            assertThat(tookMillis).as("answered at the deadline, not when the 30 s task ends").isLessThan(5_000);

            long next = client.submit(PID, Map.of()).get(ANSWER.toSeconds(), TimeUnit.SECONDS).asLong();
            assertThat(next).as("a fresh worker").isNotEqualTo(stuck);
            node.awaitLine("task io\\.argon\\.it\\.tasks\\.Spin \\(id \\d+\\) on worker 1 \\[pid " + stuck
                    + "\\] ran past its timeout of 1000 ms; interrupting it");
            node.awaitLine("worker 1 \\[pid " + stuck + "\\] did not stop task io\\.argon\\.it\\.tasks\\.Spin .* killing its JVM");
        }
    }

    @Test
    void aTaskThatHeedsTheInterruptStopsAndKeepsItsWorker() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1", "--task-timeout", "1");
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            long worker = onlyWorker(node);
            // No timeout of its own: the node's --task-timeout applies.
            TaskFailedException timeout = failure(client.submit(SAMPLE, sample(1, 30)));
            assertThat(timeout.kind()).isEqualTo(FailureKind.TIMEOUT);
            assertThat(client.submit(PID, Map.of()).get(ANSWER.toSeconds(), TimeUnit.SECONDS).asLong()).isEqualTo(worker);
            node.awaitLine("worker 1 \\[pid " + worker + "\\] stopped task io\\.argon\\.examples\\.SampleTask .* when interrupted");
        }
    }

    @Test
    void cancellingAQueuedTaskDropsItAndCancellingARunningOneFreesTheWorker(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("runs.log");
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1", "-i", Tasks.testClasses());
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            CompletableFuture<JsonNode> running = client.submit(SAMPLE, sample(1, 30));
            CompletableFuture<JsonNode> queued = client.submit(RECORD, Map.of("log", log.toString(), "mark", "queued", "delay", 0));
            node.awaitStatus("one running, one queued", s -> s.get("busy").asInt() == 1 && s.get("queued").asInt() == 1, ANSWER);

            assertThat(queued.cancel(true)).isTrue();
            node.awaitStatus("the queued task gone", s -> s.get("queued").asInt() == 0, ANSWER);
            assertThat(running.cancel(true)).isTrue();
            assertThatThrownBy(running::join).isInstanceOf(CancellationException.class);
            assertThat(client.submit(PID, Map.of()).get(ANSWER.toSeconds(), TimeUnit.SECONDS).asLong()).isPositive();
            assertThat(log).doesNotExist();
        }
    }

    @Test
    void ctrlCOnArgonSubmitCancelsTheTaskAndFreesTheWorker() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1");
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            try (ArgonProcess cli = ArgonProcess.start("argon", "submit", "-a", "127.0.0.1:" + node.port(),
                    "-c", SAMPLE, "-p", "{\"num\": 1, \"delay\": 30}")) {
                node.awaitStatus("the task running", s -> s.get("busy").asInt() == 1, Duration.ofSeconds(30));
                Process interrupt = new ProcessBuilder("kill", "-INT", Long.toString(cli.pid())).start();
                assertThat(interrupt.waitFor()).isZero();
                assertThat(cli.waitFor(ANSWER)).isEqualTo(130);
                assertThat(cli.output()).contains("cancelled");
            }
            node.awaitStatus("the worker free", s -> s.get("busy").asInt() == 0, ANSWER);
            assertThat(client.submit(PID, Map.of()).get(ANSWER.toSeconds(), TimeUnit.SECONDS).asLong()).isPositive();
        }
    }

    @Test
    void aClientThatGoesAwayWithFiftyTasksQueuedRunsAtMostTheOneRunning(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("runs.log");
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1", "-i", Tasks.testClasses())) {
            try (RawConnection raw = new RawConnection(node.port())) {
                for (int i = 0; i <= 50; i++) {
                    raw.sendFrame("{\"type\":\"submit\",\"id\":\"t" + i + "\",\"class\":\"" + RECORD + "\",\"params\":{\"log\":\""
                            + log + "\",\"mark\":\"t" + i + "\",\"delay\":" + (i == 0 ? 1 : 0) + "}}");
                }
                node.awaitStatus("50 queued", s -> s.get("queued").asInt() == 50, ANSWER);
            }
            node.awaitStatus("nothing held", s -> s.get("busy").asInt() == 0 && s.get("queued").asInt() == 0, ANSWER);
            assertThat(Files.readAllLines(log)).containsExactly("t0");
        }
    }

    @Test
    void whenNoWorkerCanStartQueuedTasksAreAnsweredNoWorkersNotHeld() throws Exception {
        // As in NodeWorkersIT: once the options file is gone, every new worker fails at once.
        Path options = Files.createTempFile("argon-worker-options", ".txt");
        Files.writeString(options, "-XX:+UseSerialGC");
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1", "-r", "1", "--worker-jvm-opts", "-XX:VMOptionsFile=" + options);
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            Files.delete(options);
            assertThat(client.process(SAMPLE, sample(1, 0), Integer.class)).isEqualTo(1);
            CompletableFuture<JsonNode> waiting = client.submit(SAMPLE, sample(2, 0));
            Throwable cause = Futures.unwrap(
                    catchThrowable(() -> waiting.get(60, TimeUnit.SECONDS)));
            assertThat(cause).isInstanceOfSatisfying(TaskFailedException.class, e -> {
                assertThat(e.kind()).isEqualTo(FailureKind.NO_WORKERS);
                assertThat(e.remoteMessage()).contains("no worker has been able to start").contains("failed to start");
            });
        } finally {
            Files.deleteIfExists(options);
        }
    }

    @Test
    void anIdempotentTaskThatKillsEveryWorkerIsTriedMaxAttemptsTimesThenAnsweredWorkerDied() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1", "--max-attempts", "3");
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            CompletableFuture<JsonNode> task = client.submit(EXIT, Map.of("code", 7), SubmitOptions.DEFAULT.asIdempotent());
            Throwable cause = Futures.unwrap(
                    catchThrowable(() -> task.get(60, TimeUnit.SECONDS)));
            assertThat(cause).isInstanceOfSatisfying(TaskFailedException.class, e -> {
                assertThat(e.kind()).isEqualTo(FailureKind.WORKER_DIED);
                assertThat(e.remoteMessage()).contains("exited with status 7").contains("(attempt 3 of 3)");
            });
            assertThat(node.countLines("lost its worker on attempt \\d of 3")).isEqualTo(2);
            assertThat(client.process(SAMPLE, sample(5, 0), Integer.class)).isEqualTo(5);
        }
    }
}
