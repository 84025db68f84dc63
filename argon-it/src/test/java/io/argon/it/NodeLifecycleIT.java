package io.argon.it;

import static io.argon.it.Tasks.SAMPLE;
import static io.argon.it.Tasks.sample;
import static io.argon.it.Timeouts.ANSWERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Starting and stopping a node: bad start-up options fail clearly, SIGTERM drains. */
class NodeLifecycleIT {

    @Test
    void sigtermLetsRunningTasksFinishThenExitsZeroWithItsWorkers() throws Exception {
        ArgonProcess node = ArgonProcess.startNode("-w", "2");
        try (ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            List<Long> workers = node.workers().stream().map(ProcessHandle::pid).toList();
            List<CompletableFuture<JsonNode>> running = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                running.add(client.submit(SAMPLE, sample(i, 1.0)));
            }
            node.awaitStatus("two running, two queued", s -> s.get("busy").asInt() == 2 && s.get("queued").asInt() == 2, ANSWERS);
            node.terminate();
            for (int i = 0; i < running.size(); i++) {
                assertThat(running.get(i).join().asInt()).isEqualTo(i);
            }
            assertThat(node.waitFor(Duration.ofSeconds(30))).isZero();
            assertThat(node.output()).contains("node stopped");
            await().atMost(Duration.ofSeconds(5)).until(() -> workers.stream().noneMatch(pid -> ProcessHandle.of(pid).isPresent()));
        } finally {
            node.close();
        }
    }

    /** The signal is handled from before the start: one that comes as the node says it listens is still a clean stop. */
    @Test
    void sigtermAsSoonAsItListensIsACleanStop() throws Exception {
        for (int attempt = 1; attempt <= 3; attempt++) {
            try (ArgonProcess node = ArgonProcess.startNode("-w", "1")) {
                node.terminate();
                assertThat(node.waitFor(Duration.ofSeconds(30))).as("attempt %d:%n%s", attempt, node.output()).isZero();
                assertThat(node.output()).contains("received SIGTERM").contains("node stopped");
            }
        }
    }

    @Test
    void aWorkerThatCannotStartFailsTheNodeWithTheReason() throws Exception {
        try (ArgonProcess node = ArgonProcess.start("node", "-H", "127.0.0.1", "-p", "0", "-w", "2",
                "--worker-jvm-opts", "-XX:+NoSuchOption")) {
            assertThat(node.waitFor(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(node.output()).contains("failed to start").contains("NoSuchOption");
        }
    }

    @Test
    void aMissingIncludePathIsAUsageError() throws Exception {
        try (ArgonProcess node = ArgonProcess.start("node", "-p", "0", "-i", "/no/such/dir")) {
            assertThat(node.waitFor(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(node.output()).contains("/no/such/dir");
        }
    }

    @Test
    void aBadOrTakenPortIsAUsageErrorBeforeAnyWorkerIsForked() throws Exception {
        try (ArgonProcess node = ArgonProcess.start("node", "-p", "70000", "-w", "4")) {
            assertThat(node.waitFor(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(node.output()).contains("70000").contains("0 to 65535").doesNotContain("Exception");
        }
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             ArgonProcess node = ArgonProcess.start("node", "-H", "127.0.0.1", "-p", String.valueOf(taken.getLocalPort()),
                     "-w", "4")) {
            assertThat(node.waitFor(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(node.output()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .doesNotContainPattern("ready in \\d+ ms");
            assertThat(node.process().toHandle().descendants().count()).as("worker JVMs left behind").isZero();
        }
    }

    @Test
    void optionsComeFromTheCommandLineThenTheEnvironmentThenAConfigFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path config = dir.resolve("node.properties");
        java.nio.file.Files.writeString(config, "workers=1\nlimit=5\nhost=127.0.0.1\nport=0\nlog-format=json\n");
        try (ArgonProcess node = ArgonProcess.start(java.util.Map.of("ARGON_WORKERS", "2"), "node", "--config", config.toString())) {
            JsonNode status = node.awaitStatus("started", s -> true, Duration.ofSeconds(60));
            assertThat(status.get("workers").asInt()).as("the environment over the file").isEqualTo(2);
            assertThat(status.get("queue_limit").asInt()).as("from the file").isEqualTo(5);
            // --log-format json from the file: every line is one JSON object with an ISO-8601 timestamp.
            assertThat(node.lines()).isNotEmpty().allSatisfy(line -> {
                JsonNode event = io.argon.protocol.Json.MAPPER.readTree(line);
                assertThat(event.get("level").asText()).isNotEmpty();
                assertThat(event.get("message").asText()).isNotEmpty();
                assertThat(event.get("time").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
                assertThat(event.has("sequenceNumber")).isFalse();
            });
            assertThat(node.lines().get(0)).contains("starting with").contains("--workers=2").contains("--limit=5");
        }
    }

    @Test
    void argonJavaOptsAddToTheDefaultJvmOptionsInsteadOfReplacingThem() throws Exception {
        try (ArgonProcess node = ArgonProcess.start(java.util.Map.of("ARGON_JAVA_OPTS", "-Dargon.test.marker=1 -Xss1m"),
                "node", "-H", "127.0.0.1", "-p", "0", "-w", "1")) {
            node.port();
            java.util.List<String> jvm = java.util.List.of(node.process().toHandle().info().arguments().orElseThrow());
            assertThat(jvm).contains("-Xmx1g", "-XX:+UseSerialGC", "-Dargon.test.marker=1", "-Xss1m");
            assertThat(jvm.indexOf("-Dargon.test.marker=1")).as("after the defaults, so that they win").isGreaterThan(jvm.indexOf("-Xmx1g"));
        }
    }

    @Test
    void aTextLogLineStartsWithAnIsoDateAndTime() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1")) {
            assertThat(node.lines().get(0)).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z INFO .*node .* starting with .*");
        }
    }

    @Test
    void anUnknownLogLevelIsAUsageError() throws Exception {
        for (String command : new String[] {"node", "cluster"}) {
            try (ArgonProcess daemon = ArgonProcess.start(command, "-p", "0", "--log-level", "loud")) {
                assertThat(daemon.waitFor(Duration.ofSeconds(30))).as(command).isEqualTo(2);
                assertThat(daemon.output()).contains("unknown log level 'loud'").doesNotContain("Exception");
            }
        }
    }

    @Test
    void versionAndHelpWork() throws Exception {
        try (ArgonProcess version = ArgonProcess.start("node", "--version")) {
            assertThat(version.waitFor(Duration.ofSeconds(30))).isZero();
            assertThat(version.output()).contains("node 0.");
        }
        try (ArgonProcess help = ArgonProcess.start("node", "--help")) {
            assertThat(help.waitFor(Duration.ofSeconds(30))).isZero();
            assertThat(help.output()).contains("--workers").contains("--recycle-after").contains("--include");
        }
    }
}
