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
import static io.argon.it.Timeouts.STARTUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import io.argon.client.ConnectionException;
import io.argon.client.FailureKind;
import io.argon.client.TaskFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The manager's own life: restarted under running nodes and clients, and stopped with SIGTERM. */
class ManagerLifecycleIT {
    @Test
    void afterAManagerRestartNodesRegisterAgainAndClientsReconnect() throws Exception {
        int port = ArgonProcess.freePort();
        ArgonProcess first = startManagerOn(port);
        List<ArgonProcess> nodes = new ArrayList<>();
        ArgonProcess second = null;
        try (ArgonClient client = new ArgonClient("127.0.0.1", port)) {
            nodes.addAll(startNodes(port, List.of(List.of("-w", "1"), List.of("-w", "1"))));
            awaitRegisteredNodes(first, 2);
            TaskLoad before = TaskLoad.run(20, 4, i -> client.submit(SAMPLE, sample(i, 0.01)));
            assertThat(before.errors()).isEmpty();

            CompletableFuture<JsonNode> cutOff = client.submit(SAMPLE, sample(-1, 0.5));
            first.kill();
            first.waitFor(Duration.ofSeconds(10));
            assertThatThrownBy(() -> cutOff.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(ConnectionException.class);
            for (ArgonProcess node : nodes) {
                node.awaitStatus("its manager lost", status -> !status.path("managers").path(0).path("registered").asBoolean(), STARTUP);
            }

            second = startManagerOn(port);
            nodes.forEach(ManagerProcesses::awaitRegistered);
            awaitRegisteredNodes(second, 2);

            // The client's connection died with the first manager; it connects again on next use.
            TaskLoad after = TaskLoad.run(40, 4, i -> i % 2 == 0 ? client.submit(SAMPLE, sample(i, 0.01)) : client.submit(PID, Map.of()));
            assertThat(after.errors()).isEmpty();
            Set<Long> workers = new HashSet<>();
            nodes.forEach(node -> workers.addAll(node.workerPids()));
            after.results().forEach((i, result) -> {
                if (i % 2 == 0) {
                    assertThat(result.asInt()).isEqualTo(i);
                } else {
                    assertThat(workers).contains(result.asLong());
                }
            });
            assertThat(after.results()).hasSize(40);
            assertThat(nodes).allSatisfy(node -> assertThat(node.process().isAlive()).isTrue());
        } finally {
            nodes.forEach(Quietly::close);
            Quietly.close(second);
            first.close();
        }
    }

    @Test
    void sigtermLetsRunningAndQueuedTasksFinishThenExitsZero() throws Exception {
        ArgonProcess manager = startManager();
        ArgonProcess node = null;
        try (ArgonClient client = new ArgonClient("127.0.0.1", manager.port())) {
            node = startNode(manager.port(), "-w", "1");
            awaitRegisteredNodes(manager, 1);
            List<CompletableFuture<JsonNode>> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                tasks.add(client.submit(SAMPLE, sample(i, 0.6))); // one runs, two wait in the manager's queue
            }
            manager.awaitStatus("one task on the node, two queued",
                    s -> s.get("nodes").path(0).path("in_flight").asInt() == 1 && s.get("queued").asInt() == 2, ANSWERS);
            manager.terminate();
            manager.awaitLine("shutting down: 1 task on nodes, 2 queued");

            // Draining: the manager takes no new work, on open connections or new ones.
            assertThatThrownBy(() -> client.submit(SAMPLE, sample(9, 0)).get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(TaskFailedException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.SHUTTING_DOWN));
            int port = manager.port();
            try (ArgonClient late = new ArgonClient("127.0.0.1", port)) {
                assertThatThrownBy(() -> late.process(SAMPLE, sample(10, 0))).isInstanceOf(ConnectionException.class);
            }

            for (int i = 0; i < tasks.size(); i++) {
                assertThat(tasks.get(i).get(ANSWERS.toSeconds(), TimeUnit.SECONDS).asInt()).isEqualTo(i);
            }
            assertThat(manager.waitFor(Duration.ofSeconds(30))).isZero();
            assertThat(manager.output()).contains("manager stopped");
            // The node outlives its manager and keeps trying to register.
            node.awaitLine("manager 127\\.0\\.0\\.1:" + port + " lost:");
            assertThat(node.process().isAlive()).isTrue();
        } finally {
            Quietly.close(node);
            manager.close();
        }
    }
}
