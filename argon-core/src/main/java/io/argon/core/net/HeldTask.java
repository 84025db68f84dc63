package io.argon.core.net;

import io.argon.core.protocol.Message;
import io.argon.core.protocol.Submit;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * A task a daemon has taken in, from its arrival to its one answer: the request, where the
 * answer goes, and its deadline timer if it has one. A daemon's own kind of task adds where the
 * task is now. On the daemon's event loop; answered only through {@link ClientTasks}.
 */
public abstract class HeldTask {
    private final PendingTask pending;
    private final long timeoutMillis;
    private ScheduledFuture<?> deadline;
    private boolean answered;

    /** @param timeoutMillis the timeout that applies to the task here; 0 for none */
    protected HeldTask(PendingTask pending, long timeoutMillis) {
        this.pending = pending;
        this.timeoutMillis = timeoutMillis;
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
