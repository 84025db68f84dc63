package io.argon.node;

import io.argon.core.daemon.LogFields;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a worker JVM's stdout and stderr (merged) into the node's log, one line per event,
 * tagged with the worker's id and pid (and, for {@code --log-format json}, with its pid as a field). Keeps the last few lines, which usually say why a
 * worker died (a bad JVM flag, an OutOfMemoryError).
 */
final class WorkerOutput {
    private static final Logger log = LoggerFactory.getLogger("io.argon.node.worker");
    private static final int KEPT_LINES = 3;

    private final Deque<String> lastLines = new ArrayDeque<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    static WorkerOutput follow(InputStream output, int workerId, long pid) {
        WorkerOutput pump = new WorkerOutput();
        Thread thread = new Thread(() -> pump.copy(output, "worker " + workerId + " [pid " + pid + "]", pid),
                "argon-worker-" + workerId + "-output");
        thread.setDaemon(true);
        thread.start();
        return pump;
    }

    private void copy(InputStream output, String tag, long pid) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                log.atInfo().addKeyValue(LogFields.WORKER_PID, pid).log("{}: {}", tag, line);
                synchronized (lastLines) {
                    if (lastLines.size() == KEPT_LINES) {
                        lastLines.removeFirst();
                    }
                    lastLines.addLast(line);
                }
            }
        } catch (IOException e) {
            log.debug("{}: output closed: {}", tag, e.toString());
        } finally {
            finished.complete(null);
        }
    }

    /** Completes when the worker's output has ended, normally because it exited. */
    CompletableFuture<Void> finished() {
        return finished;
    }

    /** The last lines the worker printed, joined with " | ", or "" if none. */
    String lastLines() {
        synchronized (lastLines) {
            return String.join(" | ", lastLines);
        }
    }
}
