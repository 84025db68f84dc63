package io.argon.worker;

import java.io.IOException;
import java.io.InputStream;

/**
 * A worker's stdin, held open by its node, and the one way its task thread is interrupted.
 *
 * <p>The end of stdin means the node is gone, however it died (kill -9 included): the worker
 * then halts. Nothing is ever written on it.
 *
 * <p>When the node stops a task that runs past its deadline or is cancelled, the link's reader
 * thread asks for an interrupt of that task, which gives it a chance to stop by itself before
 * the node kills the JVM. The interrupt lands only while that task runs: it is given and
 * cleared under one lock, so it can never reach the worker's reads and writes on its link (an
 * interrupted channel operation would close the link).
 */
final class Lifeline {
    private final Object lock = new Object();
    private final Thread taskThread;
    /** The id of the task the task thread runs, or null. */
    private String running;

    /** @param taskThread the thread that runs the tasks */
    Lifeline(Thread taskThread) {
        this.taskThread = taskThread;
    }

    /** Reads {@code stdin} on a thread of its own until it ends, then runs {@code onEnd}. */
    void watch(InputStream stdin, Runnable onEnd) {
        Thread watcher = new Thread(() -> {
            byte[] ignored = new byte[64];
            try {
                while (stdin.read(ignored) >= 0) {
                    // nothing is written on it; only its end matters
                }
            } catch (IOException e) {
                // a broken pipe means the same as the end
            }
            onEnd.run();
        }, "argon-lifeline");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** The task thread starts task {@code id}. */
    void started(String id) {
        synchronized (lock) {
            running = id;
        }
    }

    /** The task thread has finished its task; an interrupt that came too late is cleared. */
    void finished() {
        synchronized (lock) {
            running = null;
            Thread.interrupted();
        }
    }

    /** Interrupts task {@code id} if the task thread runs it now; returns whether it did. */
    boolean interrupt(String id) {
        synchronized (lock) {
            if (id.equals(running)) {
                taskThread.interrupt();
                return true;
            }
            return false;
        }
    }
}
