package io.argon.it;

import static io.argon.it.ManagerProcesses.startManager;
import static io.argon.it.Tasks.SAMPLE;
import static io.argon.it.Tasks.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.argon.client.ArgonClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The adaptive in-flight window seen from a node: the manager sends a node more tasks than
 * it has workers only when the round trip to it is a large part of a task's time. The nodes
 * here are simulated over a socket, so that their round trip and task times are known and
 * the tasks each holds at once can be counted.
 */
class ManagerWindowIT {
    private static final int WORKERS = 2;

    @Test
    void aDistantNodeWithShortTasksIsSentMoreThanItsWorkersButAtMostFourTimes() throws Exception {
        try (ArgonProcess manager = startManager("--heartbeat-ms", "200", "--heartbeat-misses", "5");
             // 20 ms each way to the node, 2 ms of work per task
             FakeNode node = new FakeNode(manager.port(), "127.0.0.1:1", WORKERS, 20, 22);
             ArgonClient client = new ArgonClient("127.0.0.1", manager.port())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> node.pings() >= 3); // the manager knows the round trip

            TaskLoad load = TaskLoad.run(300, 16, i -> client.submit(SAMPLE, sample(i, 0)));

            assertThat(load.errors()).as("errors; manager output:%n%s", manager.output()).isEmpty();
            load.results().forEach((i, result) -> assertThat(result.asInt()).isEqualTo(i));
            System.out.println("distant node, short tasks: at most " + node.maxHeld() + " tasks held by " + WORKERS + " workers");
            assertThat(node.maxHeld()).as("tasks held at once by a node with %d workers", WORKERS)
                    .isGreaterThan(WORKERS).isLessThanOrEqualTo(4 * WORKERS);
        }
    }

    @Test
    void aNearbyNodeWithTasksFarLongerThanTheRoundTripIsSentNoMoreThanItsWorkers() throws Exception {
        try (ArgonProcess manager = startManager("--heartbeat-ms", "200", "--heartbeat-misses", "5");
             // pongs at once, 10 ms of work per task
             FakeNode node = new FakeNode(manager.port(), "127.0.0.1:1", WORKERS, 0, 10);
             ArgonClient client = new ArgonClient("127.0.0.1", manager.port())) {
            // Enough heartbeats for the manager's round trip estimate to settle (see the test below): it
            // pings a new node at every interval until 5 pongs are in (the first, cold, is not counted).
            await().atMost(Duration.ofSeconds(20)).until(() -> node.pings() >= 6);

            TaskLoad load = TaskLoad.run(300, 16, i -> client.submit(SAMPLE, sample(i, 0)));

            assertThat(load.errors()).as("errors; manager output:%n%s", manager.output()).isEmpty();
            System.out.println("nearby node, long tasks: at most " + node.maxHeld() + " tasks held by " + WORKERS + " workers");
            assertThat(node.maxHeld()).as("tasks held at once by a node with %d workers", WORKERS).isEqualTo(WORKERS);
        }
    }

    /**
     * As a real node is used: tasks from the moment it registers, heartbeats at the default
     * rate. The manager's first round-trip sample for a node includes one-time costs (about
     * 8 ms measured, against a steady 0.3 ms) and seeds the smoothed estimate, so for the next
     * seconds 10 ms tasks look short and the node is sent up to 4x its workers (3 to 8 tasks
     * held by 2 workers in five runs).
     */
    @Test
    void aFreshlyRegisteredNodeWithTenMillisecondTasksIsSentNoMoreThanItsWorkers() throws Exception {
        try (ArgonProcess manager = startManager();
             FakeNode node = new FakeNode(manager.port(), "127.0.0.1:1", WORKERS, 0, 10);
             ArgonClient client = new ArgonClient("127.0.0.1", manager.port())) {
            TaskLoad load = TaskLoad.run(500, 16, i -> client.submit(SAMPLE, sample(i, 0)));

            assertThat(load.errors()).as("errors; manager output:%n%s", manager.output()).isEmpty();
            System.out.println("fresh node, 10 ms tasks: at most " + node.maxHeld() + " tasks held by " + WORKERS
                    + " workers, " + node.pings() + " pings");
            assertThat(node.pings()).as("heartbeats during the load").isPositive();
            assertThat(node.maxHeld()).as("tasks held at once by a node with %d workers", WORKERS).isEqualTo(WORKERS);
        }
    }
}
