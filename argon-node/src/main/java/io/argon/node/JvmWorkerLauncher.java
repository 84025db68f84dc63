package io.argon.node;

import io.argon.worker.Lifeline;
import io.argon.worker.WorkerMain;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Forks worker JVMs with the JDK the node runs on. A worker's classpath is the argon-worker
 * jar, whose manifest names the few jars it needs (argon-protocol, Jackson), then the node's
 * {@code -i} paths: nothing of the node's own (Netty, picocli, Logback), so a task that brings
 * its own version of such a library gets its own.
 */
final class JvmWorkerLauncher implements WorkerLauncher {
    /** How long a dead worker's last output may take to reach the node's log. */
    private static final long OUTPUT_DRAIN_MILLIS = 500;
    /** How long a stopping node waits for its workers' training run to finish, to keep its archive. */
    private static final Duration ARCHIVE_PATIENCE = Duration.ofSeconds(10);

    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final List<String> command;
    private final int maxFrameBytes;
    private final List<Path> includes;
    private final WorkerArchive archive;

    JvmWorkerLauncher(NodeConfig config, Path socket) {
        this.maxFrameBytes = config.daemon().maxFrameBytes();
        this.includes = config.includes();
        this.archive = WorkerArchive.in(config.classDataDir(), java, config.workerJvmOptions(), workerCode());
        this.command = new ArrayList<>();
        command.addAll(config.workerJvmOptions());
        command.add("-cp");
        command.add(classpath(config.includes()));
        command.add(WorkerMain.class.getName());
        command.add(socket.toString());
    }

    @Override
    public WorkerProcess launch(int id) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(java);
        if (archive != null) {
            argv.addAll(archive.jvmArguments());
        }
        argv.addAll(command);
        argv.add(Integer.toString(id));
        argv.add(Integer.toString(maxFrameBytes));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        return new Forked(process, WorkerOutput.follow(process.getInputStream(), id, process.pid()));
    }

    /**
     * Makes the workers' class-data archive in the background, if the node keeps one and it is
     * missing. What it returns completes once a stopping node has let that finish (or given up).
     */
    Supplier<CompletableFuture<Void>> makeArchiveIfMissing() {
        if (archive == null) {
            return () -> CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> made = archive.makeIfMissing();
        return () -> archive.finish(made, ARCHIVE_PATIENCE);
    }

    @Override
    public String codeProblem() {
        for (Path include : includes) {
            boolean wildcard = include.getFileName() != null && include.getFileName().toString().equals("*");
            Path path = wildcard ? include.getParent() : include;
            if (wildcard ? !Files.isDirectory(path) : !Files.exists(path)) {
                return "the task code at " + include + " is not there any more";
            }
        }
        return null;
    }

    /** The workers' classpath: the worker code, then the task code. */
    static String classpath(List<Path> includes) {
        StringBuilder classpath = new StringBuilder(workerCode());
        for (Path include : includes) {
            classpath.append(File.pathSeparatorChar).append(include);
        }
        return classpath.toString();
    }

    /**
     * The argon-worker jar, found where the node loaded it from. Run from a build tree's class
     * directories instead (an IDE), there is no jar whose manifest lists the libraries, and
     * the node's own classpath stands in.
     */
    private static String workerCode() {
        try {
            Path code = Path.of(WorkerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(code) ? code.toString() : System.getProperty("java.class.path");
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return System.getProperty("java.class.path");
        }
    }

    private record Forked(Process process, WorkerOutput output) implements WorkerProcess {
        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public CompletableFuture<Integer> exited() {
            return process.onExit()
                    .thenCombine(output.finished().completeOnTimeout(null, OUTPUT_DRAIN_MILLIS, TimeUnit.MILLISECONDS),
                            (exited, drained) -> exited.exitValue());
        }

        @Override
        public String lastOutput() {
            return output.lastLines();
        }

        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public long residentBytes() {
            return ProcessMemory.residentBytes(process.pid());
        }

        @Override
        public void closeLifeline() {
            try (OutputStream lifeline = process.getOutputStream()) {
                lifeline.flush();
            } catch (IOException ignored) {
                // already closed
            }
        }

        @Override
        public void cancel(String id, boolean ifNotStarted) {
            // A line of a few bytes into a pipe whose reader is always waiting on it: the write
            // returns at once, so it is safe on the event loop.
            try {
                OutputStream lifeline = process.getOutputStream();
                lifeline.write(ifNotStarted ? Lifeline.takeBackLine(id) : Lifeline.cancelLine(id));
                lifeline.flush();
            } catch (IOException gone) {
                // the worker has exited; its exit is handled on its own
            }
        }

        @Override
        public void terminate() {
            process.destroy();
        }

        @Override
        public void kill() {
            process.destroyForcibly();
        }
    }
}
