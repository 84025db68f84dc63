package io.argon.core.daemon;

import io.argon.protocol.Message;
import io.argon.protocol.Submit;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * A task a daemon has taken in, from its arrival to its one answer: the request, where the
 * answer goes, and its deadline timer if it has one. A daemon's own kind of task adds where the
 * task is now. On the daemon's event loop; answered only through {@link ClientTasks}.
 */
public abstract class HeldTask {
    private static final long NOT_STARTED = Long.MIN_VALUE;

    private final PendingTask pending;
    private final long timeoutMillis;
    private final long acceptedNanos;
    private long startedNanos = NOT_STARTED;
    private ScheduledFuture<?> deadline;
    private boolean answered;

    /**
     * @param timeoutMillis the timeout that applies to the task here; 0 for none
     * @param acceptedNanos when the daemon took it in, on its loop's ticker
     */
    protected HeldTask(PendingTask pending, long timeoutMillis, long acceptedNanos) {
        this.pending = pending;
        this.timeoutMillis = timeoutMillis;
        this.acceptedNanos = acceptedNanos;
    }

    /** The task has started (on a worker, or sent to a node); again if it is run again. */
    public final void started(long nowNanos) {
        startedNanos = nowNanos;
    }

    /** Whether the task has started. */
    public final boolean hasStarted() {
        return startedNanos != NOT_STARTED;
    }

    /** When the task last started, on the loop's ticker; only if {@link #hasStarted()}. */
    public final long startedNanos() {
        return startedNanos;
    }

    /** When the daemon took the task in, on the loop's ticker. */
    public final long acceptedNanos() {
        return acceptedNanos;
    }

    public final PendingTask pending() {
        return pending;
    }

    public final Submit request() {
        return pending.request();
    }

    /** Whether the task has had its answer (or its client has gone): nothing more happens to it. */
    public final boolean isAnswered() {
        return answered;
    }

    /** The timeout that applies to the task here, in milliseconds; 0 for none. */
    public final long timeoutMillis() {
        return timeoutMillis;
    }

    final void deadline(ScheduledFuture<?> timer) {
        this.deadline = timer;
    }

    /** Sends the answer unless one was sent; returns whether this one was. */
    final boolean answer(Message reply) {
        if (!close()) {
            return false;
        }
        pending.answer(reply);
        return true;
    }

    /** Ends the task without an answer; returns false if it had ended already. */
    final boolean close() {
        if (answered) {
            return false;
        }
        answered = true;
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
        return true;
    }
}
