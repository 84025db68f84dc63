package io.argon.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.argon.client.ArgonClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class-data sharing as bin/node sets it up: the first run makes the archives (the node's at
 * its exit, the workers' with a training JVM once the pool is up), the next run maps them, and
 * ARGON_CDS=off starts every JVM without them.
 */
class ClassDataIT {
    private static List<String> namesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    /** Whether the process has the file mapped into its memory: the JVM took the archive, not just the option. */
    private static boolean maps(long pid, Path file) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(pid), "maps")).contains(file.toString());
    }

    private static Path single(Path dir, String glob) throws IOException {
        try (var matches = Files.newDirectoryStream(dir, glob)) {
            List<Path> found = new ArrayList<>();
            matches.forEach(found::add);
            assertThat(found).as(glob + " in " + namesIn(dir)).hasSize(1);
            return found.get(0);
        }
    }

    private static void runOneTask(ArgonProcess node) throws Exception {
        try (ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            assertThat(client.process(Tasks.SAMPLE, Tasks.sample(5, 0), Integer.class)).isEqualTo(5);
        }
    }

    @Test
    void theFirstRunMakesTheArchivesAndTheNextMapsThem(@TempDir Path cds) throws Exception {
        Map<String, String> env = Map.of("ARGON_CDS_DIR", cds.toString());
        long firstPid;
        try (ArgonProcess node = ArgonProcess.start(env, "node", "-H", "127.0.0.1", "-p", "0", "-w", "1")) {
            node.port(); // waits until it listens
            node.awaitLine(Pattern.compile("made the workers' class-data archive"), Duration.ofSeconds(120));
            firstPid = node.pid();
            runOneTask(node);
        }
        // The node wrote its own archive at exit, under its pid; the workers' is in place already.
        single(cds, "argon-node-*.jsa.tmp." + firstPid);
        Path workerArchive = single(cds, "worker-*.jsa");

        try (ArgonProcess node = ArgonProcess.start(env, "node", "-H", "127.0.0.1", "-p", "0", "-w", "2")) {
            node.port(); // waits until it listens
            Path nodeArchive = single(cds, "argon-node-*.jsa");
            assertThat(maps(node.pid(), nodeArchive)).as("the node maps " + nodeArchive).isTrue();
            List<ProcessHandle> workers = node.workers();
            assertThat(workers).hasSize(2);
            for (ProcessHandle worker : workers) {
                assertThat(maps(worker.pid(), workerArchive)).as("worker " + worker.pid() + " maps " + workerArchive).isTrue();
            }
            runOneTask(node);
            assertThat(node.output()).doesNotContain("class-data archive").doesNotContain("[cds");
        }
    }

    /** A node stopped as soon as it serves still keeps the archive its training run makes. */
    @Test
    void aNodeStoppedAtOnceStillKeepsTheWorkersArchive(@TempDir Path cds) throws Exception {
        try (ArgonProcess node = ArgonProcess.start(Map.of("ARGON_CDS_DIR", cds.toString()), "node", "-H", "127.0.0.1",
                "-p", "0", "-w", "1")) {
            node.port(); // waits until it listens
            node.terminate();
            assertThat(node.waitFor(Duration.ofSeconds(60))).as(node.output()).isZero();
        }
        single(cds, "worker-*.jsa");
        assertThat(namesIn(cds)).noneMatch(name -> name.startsWith("worker-") && name.contains(".tmp"));
    }

    /** An archive is code the JVM maps: none from a directory others can write to, and no fallback to a shared one. */
    @Test
    void noArchivesFromADirectoryOthersCanWriteOrWithoutAHome(@TempDir Path parent) throws Exception {
        Path open = Files.createDirectory(parent.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<Map<String, String>> envs = List.of(Map.of("ARGON_CDS_DIR", open.toString()),
                Map.of("ARGON_CDS_DIR", "", "XDG_CACHE_HOME", "", "HOME", ""));
        for (Map<String, String> env : envs) {
            try (ArgonProcess node = ArgonProcess.start(env, "node", "-H", "127.0.0.1", "-p", "0", "-w", "1")) {
                node.port(); // waits until it listens
                runOneTask(node);
                String nodeLine = node.process().info().commandLine().orElseThrow();
                assertThat(nodeLine).as(env.toString()).doesNotContain("SharedArchiveFile").doesNotContain("ArchiveClassesAtExit")
                        .doesNotContain("argon.cds.dir");
            }
        }
        assertThat(namesIn(open)).isEmpty();
    }

    /**
     * Two commands that start at once both find the archive a finished run left, and both move
     * it into place: the one that loses that race starts all the same (it used to exit at once,
     * silently, under the launcher's set -e). The race is forced here: mv fails, as the loser's does.
     */
    @Test
    void aCommandThatLosesTheRaceToMoveAFinishedArchiveStartsAllTheSame(@TempDir Path cds) throws Exception {
        String script = String.join("\n",
                "set -euo pipefail",
                "source bin/argon-launcher.sh",
                "export ARGON_CDS_DIR=" + cds,
                "argon_class_data node java bin/argon-launcher.sh '-Xmx1g' # no archive yet: it is to write one",
                "made=\"${argon_cds_args[0]#-XX:ArchiveClassesAtExit=}\"",
                "touch \"${made%.*}.999999999\"   # a finished run's archive, its pid long gone",
                "mv() { return 1; }                # another command moved it first",
                "argon_class_data node java bin/argon-launcher.sh '-Xmx1g'",
                "echo started");
        Process bash = new ProcessBuilder("bash", "-c", script).directory(ArgonProcess.home().toFile())
                .redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(bash.waitFor()).as(output).isZero();
        assertThat(output).contains("started");
    }

    @Test
    void argonCdsOffStartsEveryJvmWithoutArchives(@TempDir Path cds) throws Exception {
        Map<String, String> env = Map.of("ARGON_CDS_DIR", cds.toString(), "ARGON_CDS", "off");
        try (ArgonProcess node = ArgonProcess.start(env, "node", "-H", "127.0.0.1", "-p", "0", "-w", "1")) {
            node.port(); // waits until it listens
            runOneTask(node);
            String nodeLine = node.process().info().commandLine().orElseThrow();
            String workerLine = node.workers().get(0).info().commandLine().orElseThrow();
            for (String line : List.of(nodeLine, workerLine)) {
                assertThat(line).doesNotContain("SharedArchiveFile").doesNotContain("ArchiveClassesAtExit");
            }
        }
        assertThat(namesIn(cds)).isEmpty();
    }
}
