package io.argon.cluster;

import io.argon.core.daemon.HeldTask;
import io.argon.core.daemon.Submission;
import io.argon.protocol.Failure;
import io.argon.protocol.Message;
import io.argon.protocol.Result;
import io.argon.protocol.Submit;

/**
 * A task the manager has taken from a client; once sent, its place is the node holding it. On
 * a node it travels under the manager's own id, since ids chosen by different clients may
 * collide; the answer goes back under the client's. While a node holds it, it stays in that
 * node's in-flight tasks, even once answered (a timeout, a cancel): the node is still busy
 * with it until it says otherwise. On the manager's event loop.
 */
final class RoutedTask extends HeldTask<NodeTracker> {
    final String routedId;

    /**
     * @param nowNanos       when the manager took it in, on its loop's ticker
     * @param daemonAttempts the manager's {@code --max-attempts}
     */
    RoutedTask(Submission submission, String routedId, long nowNanos, int daemonAttempts) {
        super(submission, submission.request().timeoutMillis(), nowNanos, daemonAttempts);
        this.routedId = routedId;
    }

    /** The request as the node sees it: the manager's id, and what is left of its time and attempts. */
    Submit routed(long nowNanos) {
        return request().forwarded(routedId, remainingMillis(nowNanos), Math.max(1, maxAttempts() - attempts() + 1));
    }

    /** A node's answer, under the client's id. */
    Message forClient(Message reply) {
        String id = request().id();
        return reply instanceof Result result ? result.withId(id) : ((Failure) reply).withId(id);
    }
}
