package io.argon.it;

import static io.argon.it.ManagerProcesses.awaitRegisteredNodes;
import static io.argon.it.ManagerProcesses.startManager;
import static io.argon.it.ManagerProcesses.startNodes;
import static io.argon.it.Tasks.PID;
import static io.argon.it.Tasks.SAMPLE;
import static io.argon.it.Tasks.SLEEP_PID;
import static io.argon.it.Tasks.sample;
import static io.argon.it.Tasks.sleepPid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A manager routes each task to the node expected to finish it first, among nodes with room. */
class ManagerRoutingIT {

    @Test
    void tasksSpreadOverBothNodesAndEveryResultIsRight() throws Exception {
        try (ArgonProcess manager = startManager()) {
            List<ArgonProcess> nodes = startNodes(manager.port(), List.of(List.of("-w", "1"), List.of("-w", "1")));
            try (ArgonClient client = new ArgonClient("127.0.0.1", manager.port())) {
                awaitRegisteredNodes(manager, 2);
                Set<Long> first = nodes.get(0).workerPids();
                Set<Long> second = nodes.get(1).workerPids();
                assertThat(first).hasSize(1);
                assertThat(second).hasSize(1);

                // Even tasks report their worker's pid; odd ones echo their number.
                TaskLoad load = TaskLoad.run(80, 8, i -> i % 2 == 0 ? client.submit(PID, Map.of()) : client.submit(SAMPLE, sample(i, 0)));

                assertThat(load.errors()).isEmpty();
                Set<Long> seen = new HashSet<>();
                load.results().forEach((i, result) -> {
                    if (i % 2 == 0) {
                        seen.add(result.asLong());
                    } else {
                        assertThat(result.asInt()).as("result of task %d", i).isEqualTo(i);
                    }
                });
                assertThat(load.results()).hasSize(80);
                Set<Long> all = new HashSet<>(first);
                all.addAll(second);
                assertThat(seen).as("workers that ran the Pid tasks").isEqualTo(all);
            } finally {
                nodes.forEach(Quietly::close);
            }
        }
    }

    @Test
    void aNodeWithMoreWorkersTakesProportionallyMore() throws Exception {
        try (ArgonProcess manager = startManager()) {
            List<ArgonProcess> nodes = startNodes(manager.port(), List.of(
                    List.of("-w", "1", "-i", Tasks.testClasses()),
                    List.of("-w", "3", "-i", Tasks.testClasses())));
            try (ArgonClient client = new ArgonClient("127.0.0.1", manager.port())) {
                awaitRegisteredNodes(manager, 2);
                Set<Long> small = nodes.get(0).workerPids();
                Set<Long> large = nodes.get(1).workerPids();
                assertThat(small).hasSize(1);
                assertThat(large).hasSize(3);

                TaskLoad load = TaskLoad.run(120, 8, i -> client.submit(SLEEP_PID, sleepPid(0.02)));

                assertThat(load.errors()).isEmpty();
                Map<String, Integer> perNode = new HashMap<>();
                load.results().values().forEach(pid -> {
                    String node = small.contains(pid.asLong()) ? "small" : large.contains(pid.asLong()) ? "large" : "unknown " + pid;
                    perNode.merge(node, 1, Integer::sum);
                });
                System.out.println("SleepPid tasks per node (1 vs 3 workers): " + perNode);
                assertThat(perNode).containsOnlyKeys("small", "large");
                assertThat(perNode.get("small") + perNode.get("large")).isEqualTo(120);
                assertThat(perNode.get("large")).as("tasks on the 3-worker node vs the 1-worker node: %s", perNode)
                        .isGreaterThan(2 * perNode.get("small"));
            } finally {
                nodes.forEach(Quietly::close);
            }
        }
    }

    /**
     * The other half of the adaptive window (the prefetching half is in NodeTrackerTest): with
     * tasks far longer than the round trip a node holds no more tasks than it has workers, so
     * short tasks do not queue up behind a long one on a busy node while another node is free.
     */
    @Test
    void shortTasksDoNotWaitBehindALongOneOnABusyNode() throws Exception {
        try (ArgonProcess manager = startManager()) {
            List<ArgonProcess> nodes = startNodes(manager.port(), List.of(
                    List.of("-w", "1", "-i", Tasks.testClasses()),
                    List.of("-w", "1", "-i", Tasks.testClasses())));
            try (ArgonClient client = new ArgonClient("127.0.0.1", manager.port())) {
                awaitRegisteredNodes(manager, 2);
                long firstWorker = nodes.get(0).workerPids().iterator().next();
                long secondWorker = nodes.get(1).workerPids().iterator().next();

                // Both nodes get a history of ~200 ms tasks.
                TaskLoad warmUp = TaskLoad.run(6, 2, i -> client.submit(SLEEP_PID, sleepPid(0.2)));
                assertThat(warmUp.errors()).isEmpty();
                assertThat(warmUp.results().values()).extracting(JsonNode::asLong).contains(firstWorker, secondWorker);

                // Task 0 is long; tasks 1-4, submitted right after it, are short.
                TaskLoad load = TaskLoad.run(5, 8, i -> client.submit(SLEEP_PID, sleepPid(i == 0 ? 2.0 : 0.1)));

                assertThat(load.errors()).isEmpty();
                assertThat(load.completionOrder()).as("completion order (0 is the long task)").hasSize(5).endsWith(0);
                long longOn = load.results().get(0).asLong();
                long shortOn = longOn == firstWorker ? secondWorker : firstWorker;
                for (int i = 1; i <= 4; i++) {
                    assertThat(load.results().get(i).asLong()).as("worker of short task %d", i).isEqualTo(shortOn);
                }
            } finally {
                nodes.forEach(Quietly::close);
            }
        }
    }
}
