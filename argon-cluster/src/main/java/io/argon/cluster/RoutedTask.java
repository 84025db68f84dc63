package io.argon.cluster;

import io.argon.core.daemon.HeldTask;
import io.argon.core.daemon.PendingTask;
import io.argon.protocol.Failure;
import io.argon.protocol.Message;
import io.argon.protocol.Result;
import io.argon.protocol.Submit;

/**
 * A task the manager has taken from a client. On a node it travels under the manager's own
 * id, since ids chosen by different clients may collide; the answer goes back under the
 * client's. While a node holds it, it sits in that node's in-flight map, even once answered
 * (a timeout, a cancel): the node is still busy with it until it says otherwise. On the
 * manager's event loop.
 */
final class RoutedTask extends HeldTask {
    enum State {
        /** In the manager's queue. */
        QUEUED,
        /** Sent to {@link #node} (which may still hold it once it is answered). */
        IN_FLIGHT
    }

    final String routedId;
    /** When the client's timeout ends on the manager's clock. */
    final long deadlineNanos;
    final int maxAttempts;
    State state = State.QUEUED;
    NodeTracker node;
    int attempts;

    /** @param nowNanos when the manager took it in, on its loop's ticker; it is {@link #started} when sent to a node */
    RoutedTask(PendingTask pending, String routedId, long nowNanos, int maxAttempts) {
        super(pending, pending.request().timeoutMillis(), nowNanos);
        this.routedId = routedId;
        this.deadlineNanos = nowNanos + timeoutMillis() * 1_000_000;
        this.maxAttempts = maxAttempts;
    }

    /** The request as the node sees it: the manager's id, and what is left of its time and attempts. */
    Submit routed(long nowNanos) {
        long remainingMillis = timeoutMillis() == 0 ? 0 : Math.max(1, (deadlineNanos - nowNanos + 999_999) / 1_000_000);
        return request().forwarded(routedId, remainingMillis, Math.max(1, maxAttempts - attempts + 1));
    }

    /** A node's answer, under the client's id. */
    Message forClient(Message reply) {
        String id = request().id();
        return reply instanceof Result result ? result.withId(id) : ((Failure) reply).withId(id);
    }
}
