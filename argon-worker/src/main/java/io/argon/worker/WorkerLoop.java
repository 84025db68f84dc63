package io.argon.worker;

import io.argon.protocol.Cancel;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.FrameStream;
import io.argon.protocol.Message;
import io.argon.protocol.Messages;
import io.argon.protocol.Submit;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A worker's two threads, which take turns at its two jobs: reading the link, and running the
 * tasks the node sent, one at a time, in the order they came. At any moment at most one thread
 * reads and at most one runs tasks.
 *
 * <p>A thread that reads a task while no thread runs one runs it itself, at once, and reads
 * again when no task waits: a lone task costs no hand-off between threads, and a window of
 * tasks is read in one go. The thread that runs tasks buffers their answers and sends them once
 * no task is left to run, so a run of short tasks costs one write, not one per task; before a
 * task of a class not known to be quick ({@link QuickClasses}) it sends them first, so that no
 * answer waits behind a long task.
 *
 * <p>The node's cancels come on the worker's stdin, which a thread of its own always reads
 * ({@link Lifeline}), so they are acted on at once whatever the running task does
 * ({@link #cancel}): a task that has not started is taken back out of those waiting here and
 * answered {@code cancelled} ({@link WorkerMain#TAKEN_BACK}); one the node sent and no thread
 * has read yet (while the running one keeps its thread busy) is read by the other thread, woken
 * for it, and taken back as it comes; a running task is interrupted, unless the cancel is only
 * a take-back.
 */
final class WorkerLoop {
    private final FrameStream frames;
    private final Outbox outbox;
    private final TaskRunner runner;
    private final Lifeline lifeline;
    private final AtomicBoolean workArrived;
    private final QuickClasses quick = new QuickClasses();
    /**
     * A cancel came for a task that runs or ran: its answer goes out as soon as it is buffered,
     * not after the tasks behind it. Set before the cancel's own flush, so one of the two sends it.
     */
    private volatile boolean flushSoon;
    private final Object lock = new Object();
    /** Tasks read and not started, oldest first. Under {@link #lock}, as everything below. */
    private final ArrayDeque<Submit> waiting = new ArrayDeque<>();
    /** Tasks to take back as they are read: cancelled before this worker read them. */
    private final Set<Long> takeBackOnRead = new HashSet<>();
    /** The number of the last task read: the node numbers a worker's tasks 1, 2, 3... */
    private long lastRead;
    private boolean reading;
    private boolean running;
    private boolean ended;
    /** Threads waiting for a turn. */
    private int idle;

    WorkerLoop(FrameStream frames, TaskRunner runner, Lifeline lifeline, AtomicBoolean workArrived) {
        this.frames = frames;
        this.outbox = new Outbox(frames);
        this.runner = runner;
        this.lifeline = lifeline;
        this.workArrived = workArrived;
    }

    /** Serves on this thread and on a second one until the link ends; returns then. */
    void serve() throws IOException {
        Thread second = new Thread(() -> {
            try {
                takeTurns();
            } catch (IOException e) {
                end();
            }
        }, "argon-worker-second");
        second.setDaemon(true);
        second.start();
        takeTurns();
    }

    /**
     * The node cancels task {@code id}: it is taken back if it has not started (now, or as soon
     * as it is read), and interrupted if it runs, unless {@code ifNotStarted}. On the lifeline's
     * thread.
     */
    void cancel(String id, boolean ifNotStarted) throws IOException {
        boolean takenBack;
        synchronized (lock) {
            takenBack = remove(id);
            if (!takenBack) {
                long number = number(id);
                if (number > lastRead) {
                    takeBackOnRead.add(number);
                    if (!reading) {
                        wakeOne(); // the thread waiting for a turn reads it, while the running task keeps the other
                    }
                    return;
                }
                // It runs or ran. Under the lock, as a task is taken to run: it is either still
                // waiting above or started, so the interrupt cannot fall between the two.
                if (!ifNotStarted) {
                    lifeline.interrupt(id);
                }
                // Its answer goes out now if it waits in the buffer, or as soon as it is
                // buffered, so that the node does not wait for it behind the tasks after it.
                flushSoon = true;
            }
        }
        if (takenBack) {
            outbox.send(Failure.of(id, ErrorKind.CANCELLED, WorkerMain.TAKEN_BACK));
        } else {
            outbox.flush();
        }
    }

    private void takeTurns() throws IOException {
        while (true) {
            boolean run;
            synchronized (lock) {
                while (true) {
                    if (ended) {
                        return;
                    }
                    if (!running && !waiting.isEmpty()) {
                        running = true;
                        run = true;
                        break;
                    }
                    if (!reading) {
                        reading = true;
                        run = false;
                        break;
                    }
                    idle++;
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        // interrupts land only while a task runs (Lifeline); none is running on this thread
                    } finally {
                        idle--;
                    }
                }
            }
            if (run || readOne()) {
                runWaiting();
            }
        }
    }

    /** Runs the waiting tasks until none is left, then sends their answers. */
    private void runWaiting() throws IOException {
        while (true) {
            Submit next = nextWaiting(false);
            if (next != null && !quick.isQuick(next.className()) && outbox.hasBuffered()) {
                outbox.flush(); // the answers so far do not wait for a task that may be long
            }
            next = next == null ? null : nextWaiting(true); // a cancel may have taken the one looked at
            if (next == null) {
                outbox.flush();
                return;
            }
            Message answer;
            try {
                answer = runner.run(next);
            } finally {
                lifeline.finished();
            }
            quick.ran(next.className(), Messages.runNanos(answer));
            outbox.buffer(answer);
            if (flushSoon) {
                flushSoon = false;
                outbox.flush();
            }
        }
    }

    /**
     * The oldest waiting task, taken out to run now if {@code take} (and marked started, from
     * here to {@link Lifeline#finished()} no I/O on this thread), or only looked at; null, and
     * this thread runs tasks no more, when none waits.
     */
    private Submit nextWaiting(boolean take) {
        synchronized (lock) {
            Submit next = take ? waiting.pollFirst() : waiting.peekFirst();
            if (next == null) {
                running = false;
            } else if (take) {
                lifeline.started(next.id());
            }
            return next;
        }
    }

    /**
     * Reads a message and acts on it, and goes on while whole ones wait in the link's buffer
     * (a window comes in one go); the end of the link ends the worker. Returns true when a task
     * was read and no thread was running one: this thread runs it now.
     */
    private boolean readOne() throws IOException {
        while (true) {
            Message request;
            try {
                request = frames.read();
            } catch (IOException | RuntimeException e) {
                request = null;
            }
            if (request == null) {
                end();
                return false;
            }
            workArrived.set(true);
            boolean more = frames.hasBufferedFrame();
            if (request instanceof Submit submit) {
                boolean cancelled;
                synchronized (lock) {
                    long number = number(submit.id());
                    lastRead = Math.max(lastRead, number);
                    cancelled = !takeBackOnRead.isEmpty() && takeBackOnRead.remove(number);
                    if (!cancelled) {
                        waiting.addLast(submit);
                    }
                }
                if (cancelled) {
                    outbox.send(Failure.of(submit.id(), ErrorKind.CANCELLED, WorkerMain.TAKEN_BACK));
                }
            } else if (request instanceof Cancel cancel) {
                cancel(cancel.id(), cancel.ifNotStarted());
            } else {
                outbox.send(Failure.of(request.id(), ErrorKind.UNKNOWN_MESSAGE, "a worker only takes 'submit' and 'cancel' messages"));
            }
            if (!more) {
                synchronized (lock) {
                    reading = false;
                    if (!takeBackOnRead.isEmpty()) {
                        wakeOne(); // a task to take back is on its way: someone must go on reading
                    }
                    if (!running && !waiting.isEmpty()) {
                        running = true;
                        return true;
                    }
                    return false;
                }
            }
        }
    }

    /** Under the lock: takes task {@code id} out of those waiting; returns whether it was there. */
    private boolean remove(String id) {
        for (Iterator<Submit> it = waiting.iterator(); it.hasNext(); ) {
            if (it.next().id().equals(id)) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    /** A task's number on the link, or 0 for an id that is not one (a tool that speaks to a worker by hand). */
    private static long number(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void end() {
        synchronized (lock) {
            ended = true;
            waiting.clear();
            lock.notifyAll();
        }
    }

    /** Under the lock: a thread waiting for a turn may have one now. */
    private void wakeOne() {
        if (idle > 0) {
            lock.notify();
        }
    }
}
