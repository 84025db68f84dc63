package io.argon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import io.argon.client.FailureKind;
import io.argon.client.TaskFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker JVM holds the worker code and the task code, and nothing of the node's: task code
 * that brings its own version of a library the node also uses (picocli here) gets its own.
 */
class WorkerClasspathIT {
    /** An older picocli than the node's own, put in place by the build (see this module's pom). */
    private static final Path OLD_PICOCLI = ArgonProcess.home().resolve("argon-it/target/task-libs/picocli-4.6.3.jar");

    private static String workerCommandLine(ArgonProcess node) {
        List<String> lines = new ArrayList<>();
        node.workers().forEach(child -> lines.add(child.info().commandLine().orElse("")));
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }

    @Test
    void aWorkerJvmCarriesTheWorkerCodeAndTheTaskCodeOnly() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1", "-i", Tasks.testClasses());
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            String commandLine = workerCommandLine(node);
            assertThat(commandLine).contains("argon-worker-").contains(Tasks.testClasses())
                    .doesNotContainIgnoringCase("netty").doesNotContainIgnoringCase("picocli")
                    .doesNotContainIgnoringCase("logback").doesNotContainIgnoringCase("slf4j");

            // Seen from inside: what the worker jar's manifest brings (argon-protocol and
            // Jackson), and nothing more: not even argon-core, which holds the daemons' code.
            Map<String, Boolean> loadable = Map.of(
                    "io.argon.task.Task", true,
                    "io.argon.protocol.Submit", true,
                    "io.argon.core.daemon.Daemon", false,
                    "com.fasterxml.jackson.databind.ObjectMapper", true,
                    "io.argon.examples.SampleTask", true,
                    "io.netty.channel.Channel", false,
                    "picocli.CommandLine", false,
                    "ch.qos.logback.classic.Logger", false,
                    "org.slf4j.LoggerFactory", false,
                    "io.argon.node.Node", false);
            loadable.forEach((className, expected) -> assertThat(
                    client.process("io.argon.it.tasks.Loadable", Map.of("className", className), Boolean.class))
                    .as(className).isEqualTo(expected));
        }
    }

    @Test
    void bin_nodeLeavesTheExampleTasksOutWhenAskedTo() throws Exception {
        try (ArgonProcess node = ArgonProcess.start(Map.of("ARGON_EXAMPLES", "no"), "node", "-H", "127.0.0.1", "-p", "0", "-w", "1");
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            assertThat(workerCommandLine(node)).doesNotContain("argon-examples");
            assertThatThrownBy(() -> client.process(Tasks.SAMPLE, Tasks.sample(1, 0)))
                    .isInstanceOfSatisfying(TaskFailedException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.CLASS_NOT_FOUND));
        }
    }

    @Test
    void aTaskJarThatBundlesItsOwnPicocliUsesItsOwn(@TempDir Path dir) throws Exception {
        Path taskJar = dir.resolve("app-with-old-picocli.jar");
        bundle(taskJar, OLD_PICOCLI, Path.of(Tasks.testClasses()), "io/argon/it/tasks/PicocliVersion.class");
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1", "-i", taskJar.toString());
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            JsonNode loaded = client.process("io.argon.it.tasks.PicocliVersion", Map.of());
            assertThat(loaded.get("version").asText()).isEqualTo("4.6.3");
            assertThat(loaded.get("from").asText()).endsWith("app-with-old-picocli.jar");
        }
    }

    /** Writes a jar holding everything in {@code library} and one class file from {@code classes}. */
    private static void bundle(Path jar, Path library, Path classes, String classFile) throws IOException {
        assertThat(library).as("the build copies it there").exists();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             JarFile in = new JarFile(library.toFile())) {
            for (Enumeration<JarEntry> entries = in.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                if (entry.isDirectory() || entry.getName().startsWith("META-INF/")) {
                    continue;
                }
                out.putNextEntry(new JarEntry(entry.getName()));
                try (InputStream bytes = in.getInputStream(entry)) {
                    bytes.transferTo(out);
                }
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry(classFile));
            Files.copy(classes.resolve(classFile), (OutputStream) out);
            out.closeEntry();
        }
    }
}
