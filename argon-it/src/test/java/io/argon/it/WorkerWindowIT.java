package io.argon.it;

import static io.argon.it.Tasks.SLEEP_PID;
import static io.argon.it.Tasks.sleepPid;
import static io.argon.it.Timeouts.ANSWERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import io.argon.client.FailureKind;
import io.argon.client.SubmitOptions;
import io.argon.client.TaskFailedException;
import io.argon.client.TaskFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The window of tasks a node keeps in each worker JVM, across real processes: a worker whose
 * tasks are short holds several; none waits behind a long one while another worker is idle;
 * cancel and timeout reach a task that waits inside a worker; and a worker killed with several
 * tasks in its window costs exactly those.
 */
class WorkerWindowIT {
    private static final SubmitOptions ONCE = SubmitOptions.DEFAULT;

    /** Short tasks until every worker's window holds more than one; returns the node's pool entries. */
    private static JsonNode warmUp(ArgonProcess node, ArgonClient client) {
        TaskLoad load = TaskLoad.run(400, 16, i -> client.submit(SLEEP_PID, sleepPid(0)));
        assertThat(load.errors()).isEmpty();
        return node.awaitStatus("windows of more than one task", status -> {
            for (JsonNode worker : status.get("pool")) {
                if (worker.get("window_limit").asInt() < 2) {
                    return false;
                }
            }
            return true;
        }, ANSWERS).get("pool");
    }

    /** Waits until the node's one worker holds {@code tasks} tasks in its window. */
    private static void awaitWindow(ArgonProcess node, int tasks) {
        node.awaitStatus(tasks + " tasks in the worker's window", s -> s.get("pool").get(0).get("window").asInt() == tasks, ANSWERS);
    }

    @Test
    void aLongTaskAndFortyShortOnesOnTwoWorkersNoShortOneWaitsBehindTheLongOne() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "2", "-i", Tasks.testClasses());
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            warmUp(node, client);
            // Task 0 takes 2 s; tasks 1-40, 16 in flight, take no time: several land in the long
            // task's window before its worker's estimate knows it is long, and are taken back.
            TaskLoad load = TaskLoad.run(41, 16, i -> client.submit(SLEEP_PID, sleepPid(i == 0 ? 2.0 : 0)));

            assertThat(load.errors()).isEmpty();
            assertThat(load.completionOrder()).as("completion order (0 is the long task)").hasSize(41).endsWith(0);
            long longOn = load.results().get(0).asLong();
            for (int i = 1; i <= 40; i++) {
                assertThat(load.results().get(i).asLong()).as("worker of short task %d", i).isNotEqualTo(longOn);
            }
        }
    }

    @Test
    void cancelAndTimeoutReachATaskWaitingInsideAWorkersWindow() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1", "-i", Tasks.testClasses());
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            long worker = warmUp(node, client).get(0).get("pid").asLong();
            TaskFuture<JsonNode> running = client.submit(SLEEP_PID, sleepPid(3.0), ONCE);
            TaskFuture<JsonNode> cancelled = client.submit(SLEEP_PID, sleepPid(0), ONCE);
            TaskFuture<JsonNode> timedOut = client.submit(SLEEP_PID, sleepPid(0), ONCE.withTimeout(Duration.ofMillis(500)));
            awaitWindow(node, 3);

            cancelled.cancel(true);
            assertThat(cancelled).isCancelled();
            awaitWindow(node, 2); // the worker dropped it: it is not waiting for its turn any more

            CompletionException timeout = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, timedOut::join);
            assertThat(timeout.getCause()).isInstanceOfSatisfying(TaskFailedException.class,
                    e -> assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT));
            awaitWindow(node, 1);
            assertThat(running).as("the long task is still running on the same worker").isNotDone();

            assertThat(running.join().asLong()).isEqualTo(worker);
            assertThat(node.workerPids()).as("no worker was killed").containsExactly(worker);
            assertThat(client.process(SLEEP_PID, sleepPid(0), Long.class)).isEqualTo(worker);
        }
    }

    @Test
    void aWorkerKilledWithSeveralTasksInItsWindowCostsExactlyThoseAndIdempotentOnesRunAgain() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1", "-i", Tasks.testClasses());
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            long worker = warmUp(node, client).get(0).get("pid").asLong();
            List<TaskFuture<JsonNode>> once = new ArrayList<>();
            List<TaskFuture<JsonNode>> again = new ArrayList<>();
            once.add(client.submit(SLEEP_PID, sleepPid(30), ONCE));
            for (int i = 0; i < 3; i++) {
                once.add(client.submit(SLEEP_PID, sleepPid(0), ONCE));
                again.add(client.submit(SLEEP_PID, sleepPid(0), ONCE.asIdempotent()));
            }
            awaitWindow(node, 7);

            ProcessHandle.of(worker).orElseThrow().destroyForcibly();

            for (TaskFuture<JsonNode> lost : once) {
                CompletionException died = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, lost::join);
                assertThat(died.getCause()).isInstanceOfSatisfying(TaskFailedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.WORKER_DIED);
                    assertThat(e.remoteMessage()).contains("signal 9");
                });
            }
            long replacement = again.get(0).join().asLong();
            assertThat(replacement).isNotEqualTo(worker);
            for (TaskFuture<JsonNode> ranAgain : again) {
                assertThat(ranAgain.join().asLong()).isEqualTo(replacement);
            }
            JsonNode status = node.awaitStatus("every task answered", s -> s.get("busy").asInt() == 0, ANSWERS);
            assertThat(status.get("tasks").get("worker_died").asLong()).as("answered once each").isEqualTo(4);
            assertThat(status.get("tasks").get("result").asLong()).as("the warm-up's and the three run again").isEqualTo(403);
        }
    }
}
