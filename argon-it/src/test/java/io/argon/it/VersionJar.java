package io.argon.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A task jar written by the test: {@code io.argon.it.dyn.Version} returns the version it was
 * compiled with. Deploying a new version replaces the jar as a deployment would: written next
 * to it, then renamed over it in one step, so that a JVM reading the old one keeps reading it.
 */
final class VersionJar {
    static final String CLASS = "io.argon.it.dyn.Version";

    private final Path jar;
    private final Path work;

    VersionJar(Path dir) {
        this.jar = dir.resolve("version.jar");
        this.work = dir.resolve("build");
    }

    Path path() {
        return jar;
    }

    /** Compiles {@code Version} returning {@code version} and puts its jar in place. */
    void deploy(String version) throws IOException {
        Path sources = Files.createDirectories(work.resolve(version).resolve("io/argon/it/dyn"));
        Path source = sources.resolve("Version.java");
        Files.writeString(source, """
                package io.argon.it.dyn;

                public record Version() implements io.argon.task.Task<String> {
                    @Override
                    public String run() {
                        return "%s";
                    }
                }
                """.formatted(version));
        Path classes = Files.createDirectories(work.resolve(version).resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                "--release", "17", source.toString());
        assertThat(status).as("javac of Version " + version).isZero();
        Path next = jar.resolveSibling("version.jar.next");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(next))) {
            for (String name : List.of("io/argon/it/dyn/Version.class")) {
                out.putNextEntry(new JarEntry(name));
                Files.copy(classes.resolve(name), (OutputStream) out);
                out.closeEntry();
            }
        }
        Files.move(next, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
