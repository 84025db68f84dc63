package io.argon.worker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A worker's stdin, held open by its node. Its end means the node is gone, however it died
 * (kill -9 included): the worker then halts. The node also writes one kind of line on it,
 * {@code interrupt N}: stop task N if it is still running. That is how a task that runs past
 * its deadline, or is cancelled, gets a chance to stop by itself while it keeps the worker's
 * main thread busy, before the node kills the JVM.
 *
 * <p>An interrupt lands only while task N runs: it is given and cleared under one lock, so it
 * can never reach the worker's reads and writes on its link (an interrupted channel
 * operation would close the link).
 */
public final class Lifeline {
    private static final String INTERRUPT = "interrupt ";

    private final Object lock = new Object();
    private final Thread taskThread;
    private int running;

    /** @param taskThread the thread that runs the tasks */
    Lifeline(Thread taskThread) {
        this.taskThread = taskThread;
    }

    /** The line that asks a worker to interrupt its {@code ordinal}-th task (counting from 1). */
    public static byte[] interruptLine(int ordinal) {
        return (INTERRUPT + ordinal + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads {@code stdin} on a thread of its own until it ends, then runs {@code onEnd}. */
    void watch(InputStream stdin, Runnable onEnd) {
        Thread watcher = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.US_ASCII))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith(INTERRUPT)) {
                        interrupt(Integer.parseInt(line.substring(INTERRUPT.length()).trim()));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // a broken pipe means the same as the end; nothing else is ever written
            }
            onEnd.run();
        }, "argon-lifeline");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** The task thread starts its {@code ordinal}-th task. */
    void started(int ordinal) {
        synchronized (lock) {
            running = ordinal;
        }
    }

    /** The task thread has finished its task; an interrupt that came too late is cleared. */
    void finished() {
        synchronized (lock) {
            running = 0;
            Thread.interrupted();
        }
    }

    void interrupt(int ordinal) {
        synchronized (lock) {
            if (running == ordinal) {
                taskThread.interrupt();
            }
        }
    }
}
