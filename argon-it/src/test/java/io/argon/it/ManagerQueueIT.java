package io.argon.it;

import static io.argon.it.ManagerProcesses.startManager;
import static io.argon.it.Tasks.SAMPLE;
import static io.argon.it.Tasks.sample;
import static io.argon.it.Timeouts.ANSWERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import io.argon.client.ClientOptions;
import io.argon.client.FailureKind;
import io.argon.client.RejectedException;
import io.argon.client.SubmitOptions;
import io.argon.client.TaskFailedException;
import io.argon.task.Priority;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The manager's queue: tasks wait there while every node is full, by priority, and are
 * rejected only when it is full. One manager (-l 2) with one node (-w 1) serves every test;
 * each waits for all of its tasks, and all tasks are long, so the node's window stays at 1.
 */
class ManagerQueueIT {
    @RegisterExtension
    static final ManagerWithOneNode cluster = new ManagerWithOneNode("-l", "2");

    @Test
    void aManagerWithoutNodesHoldsTasksForItsStartGraceThenAnswersNoNodes() throws Exception {
        try (ArgonProcess empty = startManager("--start-grace", "1");
             ArgonClient client = new ArgonClient("127.0.0.1", empty.port())) {
            CompletableFuture<JsonNode> held = client.submit(SAMPLE, sample(1, 0));
            assertThatThrownBy(() -> held.get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                        assertThat(e.kind()).isEqualTo(FailureKind.NO_NODES);
                        assertThat(e.remoteMessage()).contains("no worker node registered within 1000 ms of the manager's start");
                    });
        }
    }

    @Test
    void aManagerWithoutNodesAnswersNoNodes() throws Exception {
        try (ArgonProcess empty = startManager("--start-grace", "0");
             ArgonClient client = new ArgonClient("127.0.0.1", empty.port())) {
            assertThatThrownBy(() -> client.process(SAMPLE, sample(1, 0)))
                    .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                        assertThat(e.kind()).isEqualTo(FailureKind.NO_NODES);
                        assertThat(e.remoteMessage()).contains("no worker nodes");
                    });
            // and it keeps answering
            assertThatThrownBy(() -> client.process(SAMPLE, sample(2, 0), Integer.class))
                    .isInstanceOfSatisfying(TaskFailedException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.NO_NODES));
        }
    }

    @Test
    void tasksWaitWhileTheNodeIsFullAndAreRejectedOnlyWhenTheQueueIsFull() throws Exception {
        try (ArgonClient client = new ArgonClient("127.0.0.1", cluster.manager().port(), ClientOptions.defaults().withMaxRetries(0))) {
            List<CompletableFuture<JsonNode>> tasks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                tasks.add(client.submit(SAMPLE, sample(i, 1)));
            }
            int rejected = 0;
            int succeeded = 0;
            for (int i = 0; i < tasks.size(); i++) {
                try {
                    assertThat(tasks.get(i).get(ANSWERS.toSeconds(), TimeUnit.SECONDS).asInt()).isEqualTo(i);
                    succeeded++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(RejectedException.class);
                    assertThat(((RejectedException) e.getCause()).attempts()).isEqualTo(1);
                    rejected++;
                }
            }
            assertThat(rejected).as("rejected").isGreaterThanOrEqualTo(1);
            // One runs on the node's one worker and two wait in the manager's queue (-l 2).
            assertThat(succeeded).as("accepted").isGreaterThanOrEqualTo(3);
            assertThat(client.rejections()).isEqualTo(rejected);
        }
    }

    @Test
    void aClientThatRetriesGetsItsRejectedTasksThrough() throws Exception {
        try (ArgonClient client = new ArgonClient("127.0.0.1", cluster.manager().port())) {
            List<CompletableFuture<JsonNode>> tasks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                tasks.add(client.submit(SAMPLE, sample(i, 0.3)));
            }
            for (int i = 0; i < tasks.size(); i++) {
                assertThat(tasks.get(i).get(ANSWERS.toSeconds(), TimeUnit.SECONDS).asInt()).isEqualTo(i);
            }
            assertThat(client.rejections()).as("rejections met on the way").isPositive();
        }
    }

    @Test
    void queuedTasksGoOutByPriority() throws Exception {
        try (ArgonClient client = new ArgonClient("127.0.0.1", cluster.manager().port())) {
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<JsonNode> running = client.submit(SAMPLE, sample(0, 0.8));
            CompletableFuture<JsonNode> normal = client.submit(SAMPLE, sample(1, 0.1));
            CompletableFuture<JsonNode> high = client.submit(SAMPLE, sample(2, 0.1), SubmitOptions.DEFAULT.withPriority(Priority.HIGH));
            CompletableFuture.allOf(
                    running.thenRun(() -> order.add("running")),
                    normal.thenRun(() -> order.add("normal")),
                    high.thenRun(() -> order.add("high"))).get(ANSWERS.toSeconds(), TimeUnit.SECONDS);
            assertThat(order).containsExactly("running", "high", "normal");
        }
    }

    @Test
    void aBoundedLoadAboveTheQueueLimitAllSucceedsWithRetries() throws Exception {
        try (ArgonClient client = new ArgonClient("127.0.0.1", cluster.manager().port())) {
            TaskLoad load = TaskLoad.run(20, 6, i -> client.submit(SAMPLE, sample(i, 0.05)));
            assertThat(load.errors()).isEmpty();
            load.results().forEach((i, result) -> assertThat(result.asInt()).isEqualTo(i));
            assertThat(load.results()).hasSize(20);
        }
    }
}
