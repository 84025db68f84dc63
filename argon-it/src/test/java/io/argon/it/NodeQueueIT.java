package io.argon.it;

import static io.argon.it.Tasks.SAMPLE;
import static io.argon.it.Tasks.sample;
import static io.argon.it.Timeouts.ANSWERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import io.argon.client.ClientOptions;
import io.argon.client.RejectedException;
import io.argon.client.SubmitOptions;
import io.argon.task.Priority;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The bounded queue: rejection when full, client retries, priorities. */
class NodeQueueIT {

    @Test
    void aFullQueueRejectsAtOnceAndTheClientGivesUpAfterItsRetries() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1", "-l", "2");
             ArgonClient client = new ArgonClient("127.0.0.1", node.port(), ClientOptions.defaults().withMaxRetries(0))) {
            List<CompletableFuture<JsonNode>> tasks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                tasks.add(client.submit(SAMPLE, sample(i, 1.0)));
            }
            int rejected = 0;
            int completed = 0;
            for (CompletableFuture<JsonNode> task : tasks) {
                try {
                    task.join();
                    completed++;
                } catch (CompletionException e) {
                    assertThat(e.getCause()).isInstanceOf(RejectedException.class);
                    rejected++;
                }
            }
            // one running, two queued, the rest turned away
            assertThat(completed).isEqualTo(3);
            assertThat(rejected).isEqualTo(3);
            assertThat(client.rejections()).isEqualTo(3);
        }
    }

    @Test
    void rejectedTasksAreRetriedUntilTheyRun() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "2", "-l", "2");
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            List<CompletableFuture<JsonNode>> tasks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                tasks.add(client.submit(SAMPLE, sample(i, 0.02)));
            }
            for (int i = 0; i < tasks.size(); i++) {
                assertThat(tasks.get(i).join().asInt()).isEqualTo(i);
            }
            assertThat(client.rejections()).isPositive();
        }
    }

    @Test
    void queuedTasksRunByPriority() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1");
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            CompletableFuture<JsonNode> blocker = client.submit(SAMPLE, sample(0, 1.0));
            // The blocker occupies the only worker; the rest must queue.
            node.awaitStatus("the blocker on the worker", s -> s.get("busy").asInt() == 1, ANSWERS);
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<?>> queued = new ArrayList<>();
            Priority[] priorities = {Priority.MIN, Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.MAX};
            for (int i = 0; i < priorities.length; i++) {
                queued.add(client.submit(SAMPLE, sample(i, 0), SubmitOptions.DEFAULT.withPriority(priorities[i]))
                        .thenAccept(result -> order.add(result.asInt())));
            }
            blocker.join();
            queued.forEach(CompletableFuture::join);
            assertThat(order).containsExactly(4, 3, 2, 1, 0);
        }
    }
}
