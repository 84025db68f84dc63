package io.argon.it;

import static io.argon.it.ClusterTestSupport.ANSWERS;
import static io.argon.it.ClusterTestSupport.awaitLineCount;
import static io.argon.it.ClusterTestSupport.awaitRegisteredNodes;
import static io.argon.it.ClusterTestSupport.freePort;
import static io.argon.it.ClusterTestSupport.startCluster;
import static io.argon.it.ClusterTestSupport.startClusterOn;
import static io.argon.it.ClusterTestSupport.startNode;
import static io.argon.it.ClusterTestSupport.startNodes;
import static io.argon.it.ClusterTestSupport.workerPids;
import static io.argon.it.Tasks.PID;
import static io.argon.it.Tasks.SAMPLE;
import static io.argon.it.Tasks.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import io.argon.client.ConnectionException;
import io.argon.client.TaskFailedException;
import io.argon.core.protocol.ErrorKind;
import io.argon.it.ClusterTestSupport.Load;
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
class ClusterLifecycleIT {
    private static final String NODE_REGISTERED = "registered with manager";

    @Test
    void afterAManagerRestartNodesRegisterAgainAndClientsReconnect() throws Exception {
        int port = freePort();
        ArgonProcess first = startClusterOn(port);
        List<ArgonProcess> nodes = new ArrayList<>();
        ArgonProcess second = null;
        try (ArgonClient client = new ArgonClient("127.0.0.1", port)) {
            nodes.addAll(startNodes(port, List.of(List.of("-w", "1"), List.of("-w", "1"))));
            awaitRegisteredNodes(first, 2);
            Load before = Load.run(20, 4, i -> client.submit(SAMPLE, sample(i, 0.01)));
            assertThat(before.errors()).isEmpty();

            CompletableFuture<JsonNode> cutOff = client.submit(SAMPLE, sample(-1, 0.5));
            first.kill();
            first.waitFor(Duration.ofSeconds(10));
            assertThatThrownBy(() -> cutOff.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(ConnectionException.class);
            for (ArgonProcess node : nodes) {
                node.awaitLine("manager 127\\.0\\.0\\.1:" + port + " lost:");
            }

            second = startClusterOn(port);
            for (ArgonProcess node : nodes) {
                awaitLineCount(node, NODE_REGISTERED, 2, Duration.ofSeconds(30));
            }
            awaitRegisteredNodes(second, 2);

            // The client's connection died with the first manager; it connects again on next use.
            Load after = Load.run(40, 4, i -> i % 2 == 0 ? client.submit(SAMPLE, sample(i, 0.01)) : client.submit(PID, Map.of()));
            assertThat(after.errors()).isEmpty();
            Set<Long> workers = new HashSet<>();
            nodes.forEach(node -> workers.addAll(workerPids(node)));
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
            nodes.forEach(ClusterTestSupport::closeQuietly);
            ClusterTestSupport.closeQuietly(second);
            first.close();
        }
    }

    @Test
    void sigtermLetsRunningAndQueuedTasksFinishThenExitsZero() throws Exception {
        ArgonProcess cluster = startCluster();
        ArgonProcess node = null;
        try (ArgonClient client = new ArgonClient("127.0.0.1", cluster.port())) {
            node = startNode(cluster.port(), "-w", "1");
            awaitRegisteredNodes(cluster, 1);
            List<CompletableFuture<JsonNode>> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                tasks.add(client.submit(SAMPLE, sample(i, 0.6))); // one runs, two wait in the manager's queue
            }
            Thread.sleep(200);
            cluster.terminate();
            cluster.awaitLine("shutting down: 1 tasks on nodes, 2 queued");

            // Draining: the manager takes no new work, on open connections or new ones.
            assertThatThrownBy(() -> client.submit(SAMPLE, sample(9, 0)).get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(TaskFailedException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.SHUTTING_DOWN));
            int port = cluster.port();
            try (ArgonClient late = new ArgonClient("127.0.0.1", port)) {
                assertThatThrownBy(() -> late.process(SAMPLE, sample(10, 0))).isInstanceOf(ConnectionException.class);
            }

            for (int i = 0; i < tasks.size(); i++) {
                assertThat(tasks.get(i).get(ANSWERS.toSeconds(), TimeUnit.SECONDS).asInt()).isEqualTo(i);
            }
            assertThat(cluster.waitFor(Duration.ofSeconds(30))).isZero();
            assertThat(cluster.output()).contains("manager stopped");
            // The node outlives its manager and keeps trying to register.
            node.awaitLine("manager 127\\.0\\.0\\.1:" + port + " lost:");
            assertThat(node.process().isAlive()).isTrue();
        } finally {
            ClusterTestSupport.closeQuietly(node);
            cluster.close();
        }
    }
}
