package io.argon.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive's name, what a worker gets to start from it, and the clean-up of other builds' archives. No JVM is forked. */
class WorkerArchiveTest {
    private static final String JAVA = "/usr/lib/jvm/some-java/bin/java";
    private static final List<String> OPTIONS = List.of("-XX:+UseSerialGC", "-Xms16m");

    @TempDir
    Path dir;

    private Path jar(String name, String... classPath) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath.length > 0) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        }
        Path jar = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        return jar;
    }

    @Test
    void theKeyIsStableAndChangesWithTheRuntimeTheOptionsAndEveryJar() throws IOException {
        Path worker = jar("argon-worker.jar", "jackson.jar");
        Path jackson = jar("jackson.jar");
        Path tasks = jar("tasks.jar");
        String code = worker + File.pathSeparator + tasks;
        String key = WorkerArchive.key(JAVA, OPTIONS, code);

        assertThat(WorkerArchive.key(JAVA, OPTIONS, code)).isEqualTo(key).hasSize(16);
        assertThat(WorkerArchive.key("/other/java", OPTIONS, code)).isNotEqualTo(key);
        assertThat(WorkerArchive.key(JAVA, List.of("-XX:+UseSerialGC", "-Xms32m"), code)).isNotEqualTo(key);
        assertThat(WorkerArchive.key(JAVA, OPTIONS, worker.toString())).as("a jar fewer").isNotEqualTo(key);

        Files.setLastModifiedTime(tasks, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(WorkerArchive.key(JAVA, OPTIONS, code)).as("a task jar rebuilt").isNotEqualTo(key);
        String afterTasks = WorkerArchive.key(JAVA, OPTIONS, code);

        // A jar named only by the worker jar's manifest counts too: CDS checks it as well.
        Files.setLastModifiedTime(jackson, FileTime.from(Instant.now().plusSeconds(120)));
        assertThat(WorkerArchive.key(JAVA, OPTIONS, code)).as("a jar named by a manifest").isNotEqualTo(afterTasks);
    }

    @Test
    void aWorkerStartsFromTheArchiveOnlyOnceItExists() throws IOException {
        assertThat(WorkerArchive.in(null, JAVA, OPTIONS, jar("w.jar").toString())).as("no directory, no archive").isNull();

        WorkerArchive archive = WorkerArchive.in(dir, JAVA, OPTIONS, jar("worker.jar").toString());
        assertThat(archive.path().getParent()).isEqualTo(dir);
        assertThat(archive.path().getFileName().toString()).matches("worker-[0-9a-f]{16}\\.jsa");
        assertThat(archive.jvmArguments()).isEmpty();

        Files.write(archive.path(), new byte[] {1});
        assertThat(archive.jvmArguments()).startsWith("-XX:SharedArchiveFile=" + archive.path())
                .contains("-Xlog:cds=off");
    }

    @Test
    void workerCodeWithClassDirectoriesGetsNoArchiveAndNoTrainingJvm() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("target/classes/io/argon/worker"));
        Files.write(classes.resolve("WorkerMain.class"), new byte[] {1});
        String fromABuild = jar("jackson.jar") + File.pathSeparator + dir.resolve("target/classes");
        assertThat(WorkerArchive.unarchivable(fromABuild)).contains("target/classes");
        assertThat(WorkerArchive.in(dir, JAVA, OPTIONS, fromABuild)).isNull();

        Path empty = Files.createDirectories(dir.resolve("empty"));
        String withAnEmptyOne = jar("worker.jar") + File.pathSeparator + empty;
        assertThat(WorkerArchive.unarchivable(withAnEmptyOne)).as("CDS takes empty directories").isNull();
        assertThat(WorkerArchive.in(dir, JAVA, OPTIONS, withAnEmptyOne)).isNotNull();
    }

    @Test
    void aWorkerJarAwayFromTheLibrariesItsManifestNamesGetsNoArchive() throws IOException {
        String fromARepository = jar("argon-worker.jar", "argon-protocol.jar", "jackson-databind.jar").toString();
        jar("argon-protocol.jar");
        assertThat(WorkerArchive.unarchivable(fromARepository)).contains("jackson-databind.jar");
        assertThat(WorkerArchive.in(dir, JAVA, OPTIONS, fromARepository)).isNull();

        jar("jackson-databind.jar");
        assertThat(WorkerArchive.in(dir, JAVA, OPTIONS, fromARepository)).as("as in lib/").isNotNull();
    }

    @Test
    void otherBuildsArchivesGoAfterAWeekAndTheCurrentOneStays() throws IOException {
        WorkerArchive archive = WorkerArchive.in(dir, JAVA, OPTIONS, jar("worker.jar").toString());
        Files.write(archive.path(), new byte[] {1});
        Path weekOld = Files.write(dir.resolve("worker-00000000000000aa.jsa"), new byte[] {1});
        Path weekOldPartial = Files.write(dir.resolve("worker-00000000000000bb.jsa.tmp"), new byte[] {1});
        Path recent = Files.write(dir.resolve("worker-00000000000000cc.jsa"), new byte[] {1});
        Path nodeArchive = Files.write(dir.resolve("argon-node-123.jsa"), new byte[] {1});
        FileTime eightDaysAgo = FileTime.from(Instant.now().minus(Duration.ofDays(8)));
        for (Path old : List.of(archive.path(), weekOld, weekOldPartial, nodeArchive)) {
            Files.setLastModifiedTime(old, eightDaysAgo);
        }

        archive.removeStale();

        assertThat(weekOld).doesNotExist();
        assertThat(weekOldPartial).doesNotExist();
        assertThat(archive.path()).as("the archive in use, however old").exists();
        assertThat(recent).as("another build's, made this week").exists();
        assertThat(nodeArchive).as("the launcher's, which it cleans itself").exists();
    }
}
