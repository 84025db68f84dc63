package io.argon.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class-data-sharing (CDS) archive worker JVMs start from: the classes a worker loads,
 * parsed and verified once, then mapped into every worker. A node makes it once (with a short
 * training JVM, in the background, after its workers are up) and keeps it in its cache
 * directory under a name that changes with anything the archive depends on: the Java runtime,
 * the workers' JVM options, and every jar of the worker code with its size and time. Workers
 * forked after that (replacements, reloads, the next start) use it; a worker whose archive does
 * not fit its JVM simply starts without it. Worker code that Java 17's CDS cannot archive (class
 * directories, as an IDE or a build runs it from) gets no archive, and no training JVM is started.
 */
final class WorkerArchive {
    private static final Logger log = LoggerFactory.getLogger(WorkerArchive.class);
    private static final long TRAINING_SECONDS = 120;
    private static final long STALE_DAYS = 7;

    private final Path archive;
    private final List<String> trainingCommand;
    /** The training JVM while one runs, so that a stopping node can end it. */
    private volatile Process training;

    private WorkerArchive(Path archive, List<String> trainingCommand) {
        this.archive = archive;
        this.trainingCommand = trainingCommand;
    }

    /**
     * The archive for workers started with {@code jvmOptions} and {@code workerCode} on their
     * classpath, kept in {@code dir}; null when {@code dir} is null (no archive wanted), or when
     * the worker code cannot be archived (said at DEBUG: the node works as well without).
     */
    static WorkerArchive in(Path dir, String java, List<String> jvmOptions, String workerCode) {
        if (dir == null) {
            return null;
        }
        String unarchivable = unarchivable(workerCode);
        if (unarchivable != null) {
            log.debug("the workers start without a class-data archive: {}", unarchivable);
            return null;
        }
        Path archive = dir.resolve("worker-" + key(java, jvmOptions, workerCode) + ".jsa");
        List<String> training = new ArrayList<>();
        training.add(java);
        training.addAll(jvmOptions);
        training.add("-XX:ArchiveClassesAtExit=" + partial(archive));
        training.addAll(quiet());
        training.addAll(List.of("-cp", workerCode, "io.argon.worker.WorkerMain", "--train"));
        return new WorkerArchive(archive, training);
    }

    /** The options a worker JVM gets to start from the archive, or none while there is no archive. */
    List<String> jvmArguments() {
        if (!Files.isRegularFile(archive)) {
            return List.of();
        }
        List<String> arguments = new ArrayList<>();
        arguments.add("-XX:SharedArchiveFile=" + archive);
        arguments.addAll(quiet());
        return arguments;
    }

    /**
     * Makes the archive in the background if there is none yet; the node does not wait for it.
     * Returns what completes when the archive is made or cannot be.
     */
    CompletableFuture<Void> makeIfMissing() {
        if (Files.isRegularFile(archive)) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> made = new CompletableFuture<>();
        Thread maker = new Thread(() -> {
            try {
                make();
            } finally {
                made.complete(null);
            }
        }, "argon-worker-archive");
        maker.setDaemon(true);
        maker.start();
        return made;
    }

    /**
     * For a node that stops: a training run still going gets {@code patience} to finish (a node
     * stopped soon after its first start, as bench --local is, would otherwise never keep an
     * archive), then is stopped.
     */
    CompletableFuture<Void> finish(CompletableFuture<Void> made, Duration patience) {
        return made.copy().completeOnTimeout(null, patience.toMillis(), TimeUnit.MILLISECONDS).thenRun(() -> {
            Process running = training;
            if (running != null && running.isAlive()) {
                running.destroyForcibly();
            }
        });
    }

    private void make() {
        long started = System.nanoTime();
        Path partial = partial(archive);
        try {
            Files.createDirectories(archive.getParent());
            Process training = new ProcessBuilder(trainingCommand).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            this.training = training;
            if (!training.waitFor(TRAINING_SECONDS, TimeUnit.SECONDS)) {
                training.destroyForcibly();
                throw new IOException("the training JVM did not finish within " + TRAINING_SECONDS + " s");
            }
            if (training.exitValue() != 0 || !Files.isRegularFile(partial)) {
                throw new IOException("the training JVM exited with status " + training.exitValue() + " and no archive");
            }
            // Whole or not at all: a worker never maps an archive half written.
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            log.info("made the workers' class-data archive in {} ms ({} KiB): workers started from now on load faster",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), Files.size(archive) / 1024);
            removeStale();
        } catch (IOException e) {
            log.warn("could not make the workers' class-data archive in {}: {}; workers start without it", archive.getParent(),
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // a stale partial file is overwritten by the next attempt
            }
        }
    }

    /**
     * Removes other builds' worker archives a week after they were made: another install may
     * still use one (and would make it again), but a cache that only grows is a leak.
     */
    void removeStale() throws IOException {
        long weekAgo = System.currentTimeMillis() - TimeUnit.DAYS.toMillis(STALE_DAYS);
        try (var others = Files.newDirectoryStream(archive.getParent(), "worker-*.jsa*")) {
            for (Path other : others) {
                if (!other.equals(archive) && Files.getLastModifiedTime(other).toMillis() < weekAgo) {
                    Files.deleteIfExists(other);
                }
            }
        }
    }

    Path path() {
        return archive;
    }

    /**
     * Where this node's training JVM writes: a name of its own, since two nodes of the same build
     * may train at once, and two JVMs writing one file would leave a corrupt archive to map.
     */
    private static Path partial(Path archive) {
        return Path.of(archive + ".tmp." + ProcessHandle.current().pid());
    }

    /** CDS speaks up when an archive does not fit; a worker's output is the node's log, so it stays quiet. */
    private static List<String> quiet() {
        return List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /** What the archive depends on, hashed: the runtime, the JVM options, and each jar of the worker code as it is on disk. */
    static String key(String java, List<String> jvmOptions, String workerCode) {
        StringBuilder identity = new StringBuilder(java).append('\n').append(System.getProperty("java.vm.version")).append('\n');
        jvmOptions.forEach(option -> identity.append(option).append('\n'));
        for (Path jar : jarsOf(workerCode)) {
            identity.append(jar);
            try {
                identity.append(' ').append(Files.size(jar)).append(' ').append(Files.getLastModifiedTime(jar).toMillis());
            } catch (IOException e) {
                identity.append(" missing");
            }
            identity.append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    /**
     * Why Java 17's CDS cannot archive the classes of this classpath, or null if it can: it
     * refuses a class directory that is not empty (it archives classes from jars only), and a
     * jar whose manifest names jars that are not there (a worker jar taken from a Maven
     * repository, away from its libraries) would leave the training JVM without their classes.
     */
    static String unarchivable(String classpath) {
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path path = Path.of(entry);
            if (Files.isDirectory(path) && !isEmpty(path)) {
                return "their code includes the class directory " + path + ", and CDS archives classes from jars only";
            }
            for (Path named : manifestClassPath(path)) {
                if (!Files.exists(named)) {
                    return named + ", which the manifest of " + path + " names, is not there";
                }
            }
        }
        return null;
    }

    private static boolean isEmpty(Path dir) {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** The classpath's entries, and for each jar the jars its manifest's Class-Path names (what CDS checks too). */
    private static List<Path> jarsOf(String classpath) {
        List<Path> jars = new ArrayList<>();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path path = Path.of(entry);
            jars.add(path);
            jars.addAll(manifestClassPath(path));
        }
        return jars;
    }

    /** The jars the manifest's Class-Path of {@code path} names, if it is a jar that has one. */
    private static List<Path> manifestClassPath(Path path) {
        List<Path> jars = new ArrayList<>();
        if (Files.isRegularFile(path)) {
            try (JarFile jar = new JarFile(path.toFile())) {
                Manifest manifest = jar.getManifest();
                String named = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
                if (named != null) {
                    for (String name : named.trim().split("\\s+")) {
                        jars.add(path.resolveSibling(name));
                    }
                }
            } catch (IOException e) {
                // not a jar: its size and time still count
            }
        }
        return jars;
    }
}
