package io.argon.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.argon.core.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution archive, as an operator uses it: unpacked somewhere, run with a JRE and a
 * shell only. Maven is off the PATH: in its place is a {@code mvn} that fails loudly, so a
 * command that tried to build would fail here.
 */
class DistributionIT {
    @TempDir
    static Path scratch;
    private static Path home;
    private static Map<String, String> env;

    @BeforeAll
    static void unpack() throws Exception {
        home = DistributionArchive.unpack(scratch);

        // A PATH with a shell and what the scripts need, and a mvn that must never run.
        Path tools = Files.createDirectories(scratch.resolve("tools"));
        for (String tool : List.of("bash", "dirname")) {
            Files.createSymbolicLink(tools.resolve(tool), which(tool));
        }
        Path mvn = tools.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\necho 'mvn was run from the distribution' >&2\nexit 97\n");
        assertThat(mvn.toFile().setExecutable(true)).isTrue();
        env = Map.of("PATH", tools.toString(), "JAVA_HOME", System.getProperty("java.home"), "ARGON_JAVA_OPTS", "");
    }

    private static Path which(String tool) throws IOException {
        for (String dir : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate.toRealPath();
            }
        }
        throw new IOException(tool + " is not on the PATH");
    }

    private static ArgonProcess run(String command, String... args) throws IOException {
        return ArgonProcess.start(home.resolve("bin"), env, command, args);
    }

    @Test
    void theArchiveHasWhatAnOperatorNeeds() {
        assertThat(home.resolve("README.md")).exists();
        assertThat(home.resolve("LICENSE")).exists();
        assertThat(home.resolve("conf/logback.xml")).exists();
        for (String command : List.of("node", "cluster", "argon", "bench")) {
            assertThat(home.resolve("bin").resolve(command)).isExecutable();
            assertThat(home.resolve("completion").resolve(command)).content().contains("complete -F");
        }
        assertThat(home.resolve("systemd/argon-node.service")).content().contains("ExecStart=/opt/argon/bin/node --config");
        assertThat(home.resolve("systemd/argon-manager.service")).content().contains("ExecStart=/opt/argon/bin/cluster --config");
        assertThat(home.resolve("lib/argon-worker-" + Version.get() + ".jar")).exists();
        assertThat(home.resolve("lib/argon-examples-" + Version.get() + ".jar")).exists();
        for (String library : List.of("argon-protocol", "argon-core", "argon-client", "argon-node", "argon-junit", "argon-examples")) {
            Path target = ArgonProcess.home().resolve(library).resolve("target");
            assertThat(target.resolve(library + "-" + Version.get() + "-sources.jar")).exists();
            assertThat(target.resolve(library + "-" + Version.get() + "-javadoc.jar")).exists();
        }
    }

    @Test
    void versionWorksWithoutMaven() throws Exception {
        try (ArgonProcess version = run("node", "--version")) {
            assertThat(version.waitFor(Duration.ofSeconds(30))).as(version.output()).isZero();
            assertThat(version.output()).contains("node " + Version.get()).doesNotContain("mvn");
        }
    }

    @Test
    void aManagerANodeAndArgonSubmitRunFromTheArchive() throws Exception {
        try (ArgonProcess manager = run("cluster", "-H", "127.0.0.1", "-p", "0")) {
            int managerPort = manager.port();
            try (ArgonProcess node = run("node", "-H", "127.0.0.1", "-p", "0", "-w", "1", "-m", "127.0.0.1:" + managerPort)) {
                node.awaitLine("registered with manager");
                ArgonProcess submit = run("argon", "submit", "-a", "127.0.0.1:" + managerPort, "-c", "io.argon.examples.SampleTask",
                        "-p", "{\"num\": 7}");
                assertThat(submit.waitFor(Duration.ofSeconds(60))).as(submit.output()).isZero();
                assertThat(submit.output().trim()).isEqualTo("7");
                // The workers run from lib/: the worker jar, what its manifest names, and the example tasks.
                String worker = node.workers().stream().findFirst().orElseThrow().info().commandLine().orElse("");
                assertThat(worker).contains(home.resolve("lib/argon-worker-").toString());
            }
        }
    }
}
