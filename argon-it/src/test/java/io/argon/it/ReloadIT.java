package io.argon.it;

import static io.argon.it.ManagerProcesses.awaitRegisteredNodes;
import static io.argon.it.ManagerProcesses.startManager;
import static io.argon.it.ManagerProcesses.startNodes;
import static io.argon.it.Timeouts.ANSWERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import io.argon.protocol.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** New task code without downtime: the jar replaced on disk, then a rolling reload under load. */
class ReloadIT {
    @TempDir
    Path dir;

    @Test
    void aRollingReloadThroughTheManagerUnderLoadSwitchesToTheNewCodeWithNoError() throws Exception {
        VersionJar jar = new VersionJar(dir);
        jar.deploy("v1");
        ArgonProcess manager = startManager();
        List<ArgonProcess> nodes = List.of();
        try {
            nodes = startNodes(manager.port(), List.of(List.of("-w", "2", "-i", jar.path().toString()),
                    List.of("-w", "2", "-i", jar.path().toString())));
            awaitRegisteredNodes(manager, 2);
            try (ArgonClient client = new ArgonClient("127.0.0.1", manager.port())) {
                TaskLoad load = TaskLoad.start(200_000, 8, Duration.ofSeconds(120), i -> client.submit(VersionJar.CLASS, Map.of()));
                load.awaitAnswered(200, ANSWERS);

                jar.deploy("v2");
                ArgonProcess reload = ArgonProcess.start("argon", "reload", "-a", "127.0.0.1:" + manager.port(), "--json");
                assertThat(reload.waitFor(Duration.ofSeconds(120))).as(reload.output()).isZero();
                long reloaded = System.nanoTime();
                JsonNode report = Json.MAPPER.readTree(reload.lines().get(reload.lines().size() - 1));
                assertThat(report.get("nodes")).hasSize(2).allSatisfy(node -> assertThat(node.get("workers_replaced").asInt()).isEqualTo(2));
                int answeredAtReload = load.answered();
                load.awaitAnswered(answeredAtReload + 500, ANSWERS);
                List<TaskLoad.Outcome> outcomes = load.stop(ANSWERS);

                assertThat(outcomes).filteredOn(TaskLoad.Outcome::failed).as("errors").isEmpty();
                assertThat(outcomes).as("the old code answered before the reload").anySatisfy(o -> assertThat(o.result().asText()).isEqualTo("v1"));
                List<TaskLoad.Outcome> after = outcomes.stream().filter(o -> o.sentNanos() > reloaded).toList();
                assertThat(after).as("sent after the reload finished").hasSizeGreaterThan(400)
                        .allSatisfy(o -> assertThat(o.result().asText()).isEqualTo("v2"));
                // Once a task that started after the reload answers v2, no later-sent task answers v1.
                long firstV2Sent = outcomes.stream().filter(o -> o.result().asText().equals("v2") && o.sentNanos() > reloaded)
                        .mapToLong(TaskLoad.Outcome::sentNanos).min().orElseThrow();
                assertThat(outcomes).filteredOn(o -> o.sentNanos() >= firstV2Sent).allSatisfy(o -> assertThat(o.result().asText()).isEqualTo("v2"));
                System.out.printf("ReloadIT: %d tasks, %d sent after the reload; the roll took %s%n", outcomes.size(), after.size(),
                        report);
            }
        } finally {
            nodes.forEach(Quietly::close);
            manager.close();
        }
    }

    @Test
    void sigHupReloadsAStandAloneNodeAndAMissingJarIsRefusedWithTheReason() throws Exception {
        VersionJar jar = new VersionJar(dir);
        jar.deploy("v1");
        try (ArgonProcess node = ArgonProcess.startNode("-w", "2", "-i", jar.path().toString());
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            assertThat(client.process(VersionJar.CLASS, Map.of()).asText()).isEqualTo("v1");
            jar.deploy("v2");
            new ProcessBuilder("kill", "-HUP", Long.toString(node.pid())).start().waitFor(10, TimeUnit.SECONDS);
            node.awaitLine("node reloaded: ");
            for (int i = 0; i < 4; i++) {
                assertThat(client.process(VersionJar.CLASS, Map.of()).asText()).isEqualTo("v2");
            }
            assertThat(client.daemon().status().get(10, TimeUnit.SECONDS).get("pool")).hasSize(2)
                    .allSatisfy(worker -> assertThat(worker.get("generation").asInt()).isEqualTo(1));

            java.nio.file.Files.delete(jar.path());
            ArgonProcess refused = ArgonProcess.start("argon", "reload", "-a", "127.0.0.1:" + node.port());
            assertThat(refused.waitFor(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(refused.output()).contains("[control_failed]").contains("is not there any more").contains("no worker was replaced");
            assertThat(client.process(VersionJar.CLASS, Map.of()).asText()).as("the workers keep running what they loaded").isEqualTo("v2");
        }
    }
}
