package io.argon.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.argon.node.EmbeddedNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Argon inside a program of one's own, each program in a JVM of its own with the classpath a
 * user would give it: a node embedded without Logback, a node embedded from class directories
 * with a class-data directory, and a client with the distribution's lib/ and no logging set up.
 */
class EmbeddingIT {
    @TempDir
    Path scratch;

    /** Runs {@code mainClass} with this classpath and arguments; returns what it printed, stdout and stderr. */
    private String run(String classpath, String mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                classpath, mainClass));
        command.addAll(Arrays.asList(args));
        Path output = Files.createTempFile(scratch, "output", ".txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = process.waitFor(Timeouts.ANSWERS.toSeconds() * 2, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(finished).as("%s finished: %s", mainClass, printed).isTrue();
        assertThat(process.exitValue()).as(printed).isZero();
        return printed;
    }

    /** This JVM's classpath, each entry as {@code change} makes it (or leaves it out, for null). */
    private static String classpath(java.util.function.UnaryOperator<String> change) {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator)).map(change)
                .filter(entry -> entry != null).collect(Collectors.joining(File.pathSeparator));
    }

    @Test
    void anEmbeddedNodeNeedsNoLogback() throws Exception {
        String withoutLogback = classpath(entry -> Path.of(entry).getFileName().toString().startsWith("logback-") ? null : entry);
        assertThat(withoutLogback).doesNotContain("logback-classic").contains("argon-node");
        String printed = run(withoutLogback, EmbeddedNodeProgram.class.getName());
        assertThat(printed).contains("result 7").doesNotContain("NoClassDefFoundError").doesNotContain("ch.qos.logback");
        assertThat(printed).as("SLF4J found no provider: there was no Logback to load").contains("No SLF4J providers were found");
    }

    @Test
    void anEmbeddedNodeRunFromClassDirectoriesStartsItsWorkersWithoutAnArchiveAndNoFailedTraining() throws Exception {
        Path workerClasses = ArgonProcess.home().resolve("argon-worker/target/classes");
        assertThat(workerClasses.resolve("io/argon/worker/WorkerMain.class")).exists();
        // As an IDE or 'mvn test' runs it: the worker code from its class directory, not its jar.
        String fromClasses = classpath(entry -> Path.of(entry).getFileName().toString().startsWith("argon-worker-")
                ? workerClasses.toString() : entry);
        Path cds = Files.createDirectories(scratch.resolve("cds"));
        String printed = run(fromClasses, EmbeddedNodeProgram.class.getName(), cds.toString());
        assertThat(printed).contains("result 7").doesNotContain("class-data archive").doesNotContain("training JVM");
        try (Stream<Path> made = Files.list(cds)) {
            assertThat(made).as("no archive, and no training JVM's leftovers").isEmpty();
        }
    }

    @Test
    void aClientWithTheDistributionsLibAndNoLoggingOfItsOwnPrintsNoDebugLines() throws Exception {
        Path home = DistributionArchive.unpack(scratch);
        // The program's class alone: this module's test classes hold a logback-test.xml.
        Path program = Files.createDirectories(scratch.resolve("program/io/argon/it"));
        try (var classFile = LibClientProgram.class.getResourceAsStream("LibClientProgram.class")) {
            Files.copy(classFile, program.resolve("LibClientProgram.class"));
        }
        try (EmbeddedNode node = EmbeddedNode.start(1)) {
            String printed = run(home.resolve("lib") + File.separator + "*" + File.pathSeparator + scratch.resolve("program"),
                    LibClientProgram.class.getName(), Integer.toString(node.port()));
            assertThat(printed).contains("result 7");
            assertThat(printed.lines().filter(line -> line.contains("DEBUG")).toList()).as(printed).isEmpty();
        }
    }
}
