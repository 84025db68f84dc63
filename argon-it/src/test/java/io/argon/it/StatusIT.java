package io.argon.it;

import static io.argon.it.ManagerProcesses.awaitRegisteredNodes;
import static io.argon.it.ManagerProcesses.startManager;
import static io.argon.it.ManagerProcesses.startNodes;
import static io.argon.it.Tasks.SAMPLE;
import static io.argon.it.Tasks.sample;
import static io.argon.it.Timeouts.ANSWERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import io.argon.protocol.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code argon status} against real daemons: what a node's workers and queue are doing, and a manager's nodes. */
class StatusIT {

    private static ArgonProcess status(String address, String... more) throws Exception {
        List<String> argv = new ArrayList<>(List.of("status", "-a", address));
        argv.addAll(List.of(more));
        ArgonProcess cli = ArgonProcess.start("argon", argv.toArray(String[]::new));
        assertThat(cli.waitFor(Duration.ofSeconds(60))).as(cli.output()).isZero();
        return cli;
    }

    @Test
    void aBusyNodeShowsItsBusyWorkersAndWhatWaits() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "2");
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            List<CompletableFuture<JsonNode>> running = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                running.add(client.submit(SAMPLE, sample(i, 5.0)));
            }
            node.awaitStatus("two running, one queued", s -> s.get("busy").asInt() == 2 && s.get("queued").asInt() == 1, ANSWERS);

            JsonNode report = Json.MAPPER.readTree(status("127.0.0.1:" + node.port(), "--json").output());
            assertThat(report.get("busy").asInt()).isEqualTo(2);
            assertThat(report.get("queued").asInt()).isEqualTo(1);
            assertThat(report.get("queued_by_priority").get("normal").asInt()).isEqualTo(1);
            assertThat(report.get("pool")).hasSize(2).allSatisfy(worker -> {
                assertThat(worker.get("state").asText()).isEqualTo("busy");
                assertThat(worker.get("task").get("class").asText()).isEqualTo(SAMPLE);
                assertThat(worker.get("rss_bytes").asLong()).as("a JVM's resident memory").isGreaterThan(1 << 20);
                assertThat(ProcessHandle.of(worker.get("pid").asLong())).as("a live worker").isPresent();
            });

            String text = status("127.0.0.1:" + node.port()).output();
            assertThat(text).contains("workers: 2 busy, 0 idle, of 2").contains("queue: 1 waiting of 64 (normal 1)")
                    .containsPattern("busy .* io\\.argon\\.examples\\.SampleTask \\(id \\d+\\), running");

            for (int i = 0; i < running.size(); i++) {
                assertThat(running.get(i).get(ANSWERS.toSeconds(), TimeUnit.SECONDS).asInt()).isEqualTo(i);
            }
            JsonNode after = client.daemon().status().get(10, TimeUnit.SECONDS);
            assertThat(after.get("tasks").get("result").asLong()).isEqualTo(3);
            assertThat(after.get("pool").get(0).get("tasks_done").asInt() + after.get("pool").get(1).get("tasks_done").asInt())
                    .isEqualTo(3);
        }
    }

    @Test
    void aManagerListsEachOfItsNodes() throws Exception {
        ArgonProcess manager = startManager();
        List<ArgonProcess> nodes = List.of();
        try {
            nodes = startNodes(manager.port(), List.of(List.of("-w", "1"), List.of("-w", "2")));
            awaitRegisteredNodes(manager, 2);
            try (ArgonClient client = new ArgonClient("127.0.0.1", manager.port())) {
                for (int i = 0; i < 4; i++) {
                    assertThat(client.process(SAMPLE, sample(i, 0)).asInt()).isEqualTo(i);
                }
            }
            JsonNode report = Json.MAPPER.readTree(status("127.0.0.1:" + manager.port(), "--json").output());
            assertThat(report.get("role").asText()).isEqualTo("manager");
            assertThat(report.get("nodes")).extracting(n -> n.get("address").asText())
                    .containsExactlyInAnyOrder(nodes.get(0).address(), nodes.get(1).address());
            assertThat(report.get("nodes")).allSatisfy(n -> assertThat(n.get("last_seen_ms_ago").asLong()).isLessThan(30_000));
            assertThat(report.get("tasks").get("result").asLong()).isEqualTo(4);

            ArgonProcess watch = status("127.0.0.1:" + manager.port(), "--watch", "0.2", "--count", "2");
            assertThat(watch.output()).contains("nodes: 2").contains(nodes.get(0).address());
            assertThat(watch.lines().stream().filter(line -> line.startsWith("manager "))).hasSize(2);
        } finally {
            nodes.forEach(Quietly::close);
            manager.close();
        }
    }

    @Test
    void noDaemonThereIsExitOneWithTheReason() throws Exception {
        ArgonProcess cli = ArgonProcess.start("argon", "status", "-a", "127.0.0.1:1");
        assertThat(cli.waitFor(Duration.ofSeconds(60))).isEqualTo(1);
        assertThat(cli.output()).contains("cannot connect to 127.0.0.1:1");
    }
}
