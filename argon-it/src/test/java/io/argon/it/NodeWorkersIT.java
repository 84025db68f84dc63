package io.argon.it;

import static io.argon.it.Tasks.EXIT;
import static io.argon.it.Tasks.PID;
import static io.argon.it.Tasks.SAMPLE;
import static io.argon.it.Tasks.SLEEP_PID;
import static io.argon.it.Tasks.sample;
import static io.argon.it.Tasks.sleepPid;
import static io.argon.it.Timeouts.ANSWERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import io.argon.client.FailureKind;
import io.argon.client.TaskFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Worker JVMs: how many, recycling, death and replacement, and that none outlives its node. */
class NodeWorkersIT {

    @Test
    void forksTheRequestedNumberOfWorkersAndUsesThemAll() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "3");
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            Set<Long> children = node.workerPids();
            assertThat(children).hasSize(3);
            List<CompletableFuture<JsonNode>> pids = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                pids.add(client.submit(PID, Map.of()));
            }
            Set<Long> seen = new HashSet<>();
            pids.forEach(f -> seen.add(f.join().asLong()));
            assertThat(seen).isEqualTo(children);
        }
    }

    /**
     * Adaptive dispatch on one node: a worker gets a task only when it is free, so with one
     * worker busy on a 1 s task, 40 tasks of 1 ms all run on the other one and all finish first.
     */
    @Test
    void shortTasksNeverWaitBehindALongOneWhileAnotherWorkerIsIdle() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "2", "-i", Tasks.testClasses());
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            // Task 0 takes 1 s; tasks 1-40, up to 4 in flight beside it, take 1 ms each.
            TaskLoad load = TaskLoad.run(41, 5, i -> client.submit(SLEEP_PID, sleepPid(i == 0 ? 1.0 : 0.001)));

            assertThat(load.errors()).isEmpty();
            assertThat(load.completionOrder()).as("completion order (0 is the long task)").hasSize(41).endsWith(0);
            long longOn = load.results().get(0).asLong();
            assertThat(node.workerPids()).contains(longOn).hasSize(2);
            for (int i = 1; i <= 40; i++) {
                assertThat(load.results().get(i).asLong()).as("worker of short task %d", i).isNotEqualTo(longOn);
            }
        }
    }

    @Test
    void recyclesAWorkerAfterItsQuotaOfTasks() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1", "-r", "2");
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            List<Long> pids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                pids.add(client.process(PID, Map.of(), Long.class));
            }
            assertThat(pids.get(0)).isEqualTo(pids.get(1));
            assertThat(pids.get(2)).isEqualTo(pids.get(3)).isNotEqualTo(pids.get(1));
            assertThat(pids.get(4)).isEqualTo(pids.get(5)).isNotEqualTo(pids.get(3));
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pids.get(0)).isEmpty());
        }
    }

    @Test
    void aWorkerThatExitsCostsOnlyItsTaskAndIsReplaced() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1");
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            long before = client.process(PID, Map.of(), Long.class);
            assertThatThrownBy(() -> client.process(EXIT, Map.of("code", 7)))
                    .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                        assertThat(e.kind()).isEqualTo(FailureKind.WORKER_DIED);
                        assertThat(e.remoteMessage()).contains("exited with status 7");
                    });
            long after = client.process(PID, Map.of(), Long.class);
            assertThat(after).isNotEqualTo(before);
            assertThat(node.workerPids()).containsExactly(after);
        }
    }

    @Test
    void aWorkerKilledFromOutsideFailsItsTaskWithTheSignal() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1");
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            long worker = client.process(PID, Map.of(), Long.class);
            CompletableFuture<JsonNode> longTask = client.submit(SAMPLE, sample(1, 30));
            node.awaitStatus("the task on the worker", s -> s.get("busy").asInt() == 1, ANSWERS);
            ProcessHandle.of(worker).orElseThrow().destroyForcibly();
            ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, longTask::get);
            assertThat(failure.getCause()).isInstanceOfSatisfying(TaskFailedException.class, e -> {
                assertThat(e.kind()).isEqualTo(FailureKind.WORKER_DIED);
                assertThat(e.remoteMessage()).contains("signal 9");
            });
            assertThat(client.process(SAMPLE, sample(5, 0), Integer.class)).isEqualTo(5);
        }
    }

    @Test
    void aWorkerThatRunsOutOfMemoryIsReportedAndReplaced() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1", "-i", Tasks.testClasses(),
                "--worker-jvm-opts", "-XX:+UseSerialGC -Xmx48m -XX:+ExitOnOutOfMemoryError");
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            assertThatThrownBy(() -> client.process("io.argon.it.tasks.Allocate", Map.of()))
                    .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                        assertThat(e.kind()).isEqualTo(FailureKind.WORKER_DIED);
                        assertThat(e.remoteMessage()).contains("OutOfMemoryError");
                    });
            assertThat(client.process(SAMPLE, sample(3, 0), Integer.class)).isEqualTo(3);
        }
    }

    @Test
    void workersDoNotOutliveANodeKilledWithSigkill() throws Exception {
        ArgonProcess node = ArgonProcess.startNode("-w", "2");
        try (ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            Set<Long> workers = node.workerPids();
            assertThat(workers).hasSize(2);
            client.submit(SAMPLE, sample(1, 60)); // one worker is busy in a long task
            node.awaitStatus("one worker busy", s -> s.get("busy").asInt() == 1, ANSWERS);
            node.kill();
            node.waitFor(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> workers.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        } finally {
            node.close();
        }
    }

    @Test
    void workersThatKeepFailingToStartAreRetriedWithAGrowingDelayNotInATightLoop() throws Exception {
        // The workers read their JVM options from a file; deleting it makes every new worker
        // fail at once, and writing it back lets them start again.
        Path options = Files.createTempFile("argon-worker-options", ".txt");
        Files.writeString(options, "-XX:+UseSerialGC");
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1", "-r", "1",
                "--worker-jvm-opts", "-XX:VMOptionsFile=" + options);
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            Files.delete(options);
            // Recycling after every task makes the node fork a successor, which cannot start.
            assertThat(client.process(SAMPLE, sample(1, 0), Integer.class)).isEqualTo(1);
            Pattern retry = Pattern.compile("failed to start: .*; trying again in (\\d+) ms");
            await().atMost(Duration.ofSeconds(30)).until(() -> node.lines().stream().filter(l -> retry.matcher(l).find()).count() >= 3);
            List<Long> delays = node.lines().stream().map(retry::matcher).filter(java.util.regex.Matcher::find)
                    .map(m -> Long.parseLong(m.group(1))).toList();
            assertThat(delays.get(1)).isGreaterThan(delays.get(0));
            assertThat(delays.get(2)).isGreaterThan(delays.get(1));

            Files.writeString(options, "-XX:+UseSerialGC");
            CompletableFuture<JsonNode> afterRecovery = client.submit(SAMPLE, sample(2, 0));
            assertThat(afterRecovery.get(60, java.util.concurrent.TimeUnit.SECONDS).asInt()).isEqualTo(2);
        } finally {
            Files.deleteIfExists(options);
        }
    }
}
