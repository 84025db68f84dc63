package io.argon.node;

import io.argon.core.daemon.HeldTask;
import io.argon.core.daemon.PendingTask;

/** A task a node has taken in, and where it is now. On the node's event loop. */
final class NodeTask extends HeldTask {
    enum State {
        /** In the node's queue. */
        QUEUED,
        /** On a worker (which may be being stopped, once the task is answered). */
        RUNNING
    }

    /** How many times it may be started, if it is safe to run again. */
    final int maxAttempts;
    State state = State.QUEUED;
    Worker worker;
    int attempts;

    /**
     * @param timeoutMillis the timeout that applies, the task's own or the node's; 0 for none
     * @param acceptedNanos when the node took it in, on its loop's ticker
     */
    NodeTask(PendingTask pending, long timeoutMillis, int maxAttempts, long acceptedNanos) {
        super(pending, timeoutMillis, acceptedNanos);
        this.maxAttempts = maxAttempts;
    }

    /** How the task reads in a log line. */
    String describe() {
        return "task " + request().className() + " (id " + request().id() + ")";
    }
}
