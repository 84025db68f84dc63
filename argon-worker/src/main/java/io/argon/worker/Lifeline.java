package io.argon.worker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A worker's stdin, held open by its node: how the worker learns of its node's death, and how
 * the node cancels what it sent.
 *
 * <p>The end of stdin means the node is gone, however it died (kill -9 included): the worker
 * then halts. The node also writes two kinds of line on it: {@code cancel ID}, which takes task
 * ID back if it has not started and interrupts it if it runs, and {@code takeback ID}, which
 * only takes it back. A thread of the worker's own always reads stdin, whatever its tasks do, so
 * a cancel is acted on at once (see {@link WorkerLoop#cancel}); that is how a task that runs
 * past its deadline, or is cancelled, gets a chance to stop by itself before the node kills the
 * JVM.
 *
 * <p>An interrupt lands only while its task runs: it is given and cleared under one lock, so it
 * can never reach the worker's reads and writes on its link (an interrupted channel operation
 * would close the link).
 */
public final class Lifeline {
    private static final String CANCEL = "cancel ";
    private static final String TAKE_BACK = "takeback ";

    /** What the lifeline's thread does with a cancel. */
    interface Cancels {
        /** Task {@code id} is cancelled; only if it has not started when {@code ifNotStarted}. */
        void cancel(String id, boolean ifNotStarted) throws IOException;
    }

    private final Object lock = new Object();
    /** The id of the task that runs, or null. */
    private String running;
    /** The thread that runs it. */
    private Thread runner;
    private volatile Cancels cancels;

    /** The line that cancels task {@code id}: taken back if it has not started, else interrupted. */
    public static byte[] cancelLine(String id) {
        return (CANCEL + id + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The line that takes task {@code id} back if it has not started. */
    public static byte[] takeBackLine(String id) {
        return (TAKE_BACK + id + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** From now on, cancels go to {@code to}; before, there is nothing they could name. */
    void cancelsTo(Cancels to) {
        this.cancels = to;
    }

    /** Reads {@code stdin} on a thread of its own until it ends, then runs {@code onEnd}. */
    void watch(InputStream stdin, Runnable onEnd) {
        Thread watcher = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.US_ASCII))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    Cancels to = cancels;
                    if (to != null && line.startsWith(CANCEL)) {
                        to.cancel(line.substring(CANCEL.length()).trim(), false);
                    } else if (to != null && line.startsWith(TAKE_BACK)) {
                        to.cancel(line.substring(TAKE_BACK.length()).trim(), true);
                    }
                }
            } catch (IOException e) {
                // a broken pipe means the same as the end (and a link that broke, the worker's end)
            }
            onEnd.run();
        }, "argon-lifeline");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** The calling thread starts task {@code id}. */
    void started(String id) {
        synchronized (lock) {
            running = id;
            runner = Thread.currentThread();
        }
    }

    /** The calling thread has finished its task; an interrupt that came too late is cleared. */
    void finished() {
        synchronized (lock) {
            running = null;
            runner = null;
            Thread.interrupted();
        }
    }

    /** Interrupts task {@code id} if it runs now; returns whether it did. */
    boolean interrupt(String id) {
        synchronized (lock) {
            if (id.equals(running)) {
                runner.interrupt();
                return true;
            }
            return false;
        }
    }
}
