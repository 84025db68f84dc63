package io.argon.node;

import io.argon.core.daemon.HeldTask;
import io.argon.core.daemon.Submission;

/** A task a node has taken in; once started, its place is the worker running it. On the node's event loop. */
final class NodeTask extends HeldTask<Worker> {
    /**
     * @param timeoutMillis  the timeout that applies, the task's own or the node's; 0 for none
     * @param acceptedNanos  when the node took it in, on its loop's ticker
     * @param daemonAttempts the node's {@code --max-attempts}
     */
    NodeTask(Submission submission, long timeoutMillis, long acceptedNanos, int daemonAttempts) {
        super(submission, timeoutMillis, acceptedNanos, daemonAttempts);
    }
}
