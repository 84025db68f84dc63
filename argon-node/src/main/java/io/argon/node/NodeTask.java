package io.argon.node;

import io.argon.core.net.PendingTask;
import io.argon.core.protocol.Submit;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * A task a node has admitted: the client's request and where its answer goes, and where the
 * task is now. On the node's event loop.
 */
final class NodeTask {
    enum State {
        /** In the node's queue. */
        QUEUED,
        /** On a worker. */
        RUNNING,
        /** Answered; nothing more happens to it (a worker may still be stopping it). */
        DONE
    }

    final PendingTask pending;
    /** The timeout that applies, the task's own or the node's; 0 for none. */
    final long timeoutMillis;
    /** How many times it may be started, if it is safe to run again. */
    final int maxAttempts;
    State state = State.QUEUED;
    Worker worker;
    int attempts;
    ScheduledFuture<?> deadline;

    NodeTask(PendingTask pending, long timeoutMillis, int maxAttempts) {
        this.pending = pending;
        this.timeoutMillis = timeoutMillis;
        this.maxAttempts = maxAttempts;
    }

    Submit request() {
        return pending.request();
    }

    /** How the task reads in a log line. */
    String describe() {
        return "task " + pending.request().className() + " (id " + pending.request().id() + ")";
    }
}
