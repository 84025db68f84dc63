package io.argon.it;

import static io.argon.it.ManagerProcesses.awaitRegisteredNodes;
import static io.argon.it.ManagerProcesses.startManager;
import static io.argon.it.ManagerProcesses.startNodes;
import static io.argon.it.Tasks.SLEEP_PID;
import static io.argon.it.Tasks.sleepPid;
import static io.argon.it.Timeouts.ANSWERS;
import static io.argon.it.Timeouts.STARTUP;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code argon drain} and {@code argon undrain} on one of two nodes behind a manager, under load. */
class DrainIT {
    @Test
    void aDrainedNodeGetsNoNewTaskCostsNoErrorAndComesBackWhenUndrained() throws Exception {
        ArgonProcess manager = startManager();
        List<ArgonProcess> nodes = List.of();
        try {
            nodes = startNodes(manager.port(), List.of(List.of("-w", "2", "-i", Tasks.testClasses()),
                    List.of("-w", "2", "-i", Tasks.testClasses())));
            awaitRegisteredNodes(manager, 2);
            ArgonProcess drained = nodes.get(0);
            Set<Long> drainedPids = drained.workerPids();
            try (ArgonClient client = new ArgonClient("127.0.0.1", manager.port())) {
                // Pid tasks that take 20 ms: each answer says which worker JVM ran it.
                TaskLoad load = TaskLoad.start(100_000, 8, Duration.ofSeconds(120), i -> client.submit(SLEEP_PID, sleepPid(0.02)));
                load.awaitAnswered(200, ANSWERS);

                ArgonProcess drain = ArgonProcess.start("argon", "drain", "-a", drained.address());
                assertThat(drain.waitFor(Duration.ofSeconds(60))).as(drain.output()).isZero();
                long drainedAt = System.nanoTime();
                assertThat(drain.output()).contains(drained.address() + ": drained");
                JsonNode status = drained.status();
                assertThat(status.get("draining").asBoolean()).isTrue();
                assertThat(status.get("busy").asInt() + status.get("queued").asInt()).as("it holds nothing").isZero();
                // The manager still lists it, drained, and keeps its link: it can still reach it.
                JsonNode listed = manager.awaitStatus("the node shown drained", s -> s.get("nodes").size() == 2
                        && nodeIn(s, drained.address()).path("drained").asBoolean(), ANSWERS);
                assertThat(nodeIn(listed, drained.address()).path("in_flight").asInt()).isZero();
                load.awaitAnswered(load.answered() + 300, ANSWERS);

                long undrainAsked = System.nanoTime();
                ArgonProcess undrain = ArgonProcess.start("argon", "undrain", "-a", drained.address());
                assertThat(undrain.waitFor(Duration.ofSeconds(60))).as(undrain.output()).isZero();
                assertThat(undrain.output()).contains(drained.address() + ": undrained");
                manager.awaitStatus("the node undrained", s -> !nodeIn(s, drained.address()).has("drained"), ANSWERS);
                drained.awaitStatus("taking tasks again", s -> !s.has("draining") && s.get("tasks").get("result").asLong() > 0, STARTUP);
                load.awaitAnswered(load.answered() + 300, ANSWERS);
                List<TaskLoad.Outcome> outcomes = load.stop(ANSWERS);

                assertThat(outcomes).filteredOn(TaskLoad.Outcome::failed).as("errors").isEmpty();
                List<TaskLoad.Outcome> whileDrained = outcomes.stream()
                        .filter(o -> o.sentNanos() > drainedAt && o.answeredNanos() < undrainAsked).toList();
                assertThat(whileDrained).as("sent and answered while drained").hasSizeGreaterThan(100)
                        .allSatisfy(o -> assertThat(drainedPids).doesNotContain(o.result().asLong()));
                assertThat(client.daemon().status().get(10, TimeUnit.SECONDS).get("nodes")).hasSize(2);
            }
        } finally {
            nodes.forEach(Quietly::close);
            manager.close();
        }
    }

    /** The entry of the node at {@code address} in a manager's status report (missing if it is not there). */
    private static JsonNode nodeIn(JsonNode managerStatus, String address) {
        for (JsonNode node : managerStatus.path("nodes")) {
            if (node.path("address").asText().equals(address)) {
                return node;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    @Test
    void anOperatorWhoReachesOnlyTheManagerDrainsAndUndrainsANodeThroughIt() throws Exception {
        ArgonProcess manager = startManager();
        List<ArgonProcess> nodes = List.of();
        try {
            nodes = startNodes(manager.port(), List.of(List.of("-w", "1"), List.of("-w", "1")));
            awaitRegisteredNodes(manager, 2);
            String first = nodes.get(0).address();

            ArgonProcess unnamed = ArgonProcess.start("argon", "drain", "-a", manager.address());
            assertThat(unnamed.waitFor(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(unnamed.output()).contains("name the node").contains("--node");

            ArgonProcess drain = ArgonProcess.start("argon", "drain", "-a", manager.address(), "--node", first);
            assertThat(drain.waitFor(Duration.ofSeconds(60))).as(drain.output()).isZero();
            assertThat(drain.output()).contains(manager.address() + ": node " + first + " drained");
            manager.awaitStatus("the node shown drained", s -> nodeIn(s, first).path("drained").asBoolean(), ANSWERS);
            assertThat(nodes.get(0).status().get("draining").asBoolean()).isTrue();

            try (ArgonClient client = new ArgonClient("127.0.0.1", manager.port())) {
                for (int i = 0; i < 20; i++) {
                    assertThat(client.process(Tasks.PID, java.util.Map.of()).asLong()).as("no task on the drained node")
                            .isNotIn(nodes.get(0).workerPids());
                }
            }
            ArgonProcess unknown = ArgonProcess.start("argon", "drain", "-a", manager.address(), "--node", "10.9.9.9:1");
            assertThat(unknown.waitFor(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(unknown.output()).contains("no node 10.9.9.9:1 is registered").contains(first);

            ArgonProcess undrain = ArgonProcess.start("argon", "undrain", "-a", manager.address(), "--all-nodes", "--json");
            assertThat(undrain.waitFor(Duration.ofSeconds(60))).as(undrain.output()).isZero();
            assertThat(undrain.lines()).filteredOn(line -> line.startsWith("{")).hasSize(2)
                    .anySatisfy(line -> assertThat(line).contains(first).contains("\"was_drained\":true"));
            manager.awaitStatus("no node drained", s -> !nodeIn(s, first).has("drained"), ANSWERS);
            assertThat(nodes.get(0).status().has("draining")).isFalse();
        } finally {
            nodes.forEach(Quietly::close);
            manager.close();
        }
    }

    @Test
    void aManagedNodeLogsClientsThatBypassTheManagerOnlyWhenTheySendTasks() throws Exception {
        ArgonProcess manager = startManager();
        List<ArgonProcess> nodes = List.of();
        try {
            nodes = startNodes(manager.port(), List.of(List.of("-w", "1")));
            awaitRegisteredNodes(manager, 1);
            ArgonProcess node = nodes.get(0);
            ArgonProcess status = ArgonProcess.start("argon", "status", "-a", node.address());
            assertThat(status.waitFor(Duration.ofSeconds(60))).isZero();
            try (ArgonClient direct = new ArgonClient("127.0.0.1", node.port())) {
                direct.process(Tasks.SAMPLE, Tasks.sample(1, 0));
                direct.process(Tasks.SAMPLE, Tasks.sample(2, 0));
            }
            node.awaitLine("sends tasks straight to this managed node; they bypass the manager's routing");
            assertThat(node.countLines("bypass the manager")).as("once per connection, and not for the status").isEqualTo(1);
        } finally {
            nodes.forEach(Quietly::close);
            manager.close();
        }
    }
}
