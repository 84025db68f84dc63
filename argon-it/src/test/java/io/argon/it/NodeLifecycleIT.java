package io.argon.it;

import static io.argon.it.Tasks.SAMPLE;
import static io.argon.it.Tasks.sample;
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
            List<Long> workers = node.process().toHandle().children().map(ProcessHandle::pid).toList();
            List<CompletableFuture<JsonNode>> running = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                running.add(client.submit(SAMPLE, sample(i, 1.0)));
            }
            Thread.sleep(300);
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
