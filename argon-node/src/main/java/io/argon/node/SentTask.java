package io.argon.node;

/**
 * A task in a worker's window: sent to the worker, not yet answered by it. The worker knows it
 * by {@link #ordinal}, the number of tasks sent to that worker so far, which is unique on the
 * link (clients' ids need not be: two clients may both send a task "1"). On the node's loop.
 */
final class SentTask {
    final NodeTask task;
    /** The id the worker knows the task by. */
    final String ordinal;
    final long sentNanos;
    /** Answered for the worker (a timeout, a cancel): whatever the worker says of it is dropped. */
    private boolean stopping;
    /** Asked back before it starts, for an idle worker to run. */
    private boolean takingBack;

    SentTask(NodeTask task, int ordinal, long sentNanos) {
        this.task = task;
        this.ordinal = Integer.toString(ordinal);
        this.sentNanos = sentNanos;
    }

    boolean isStopping() {
        return stopping;
    }

    boolean isTakingBack() {
        return takingBack;
    }

    /** Its answer was sent for it; the worker has been asked to drop or interrupt it. */
    void stopping() {
        stopping = true;
    }

    /** The worker has been asked to give it back if it has not started it. */
    void takingBack() {
        takingBack = true;
    }
}
