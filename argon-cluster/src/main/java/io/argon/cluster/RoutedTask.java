package io.argon.cluster;

import io.argon.core.net.PendingTask;
import io.argon.core.protocol.ErrorKind;
import io.argon.core.protocol.Failure;
import io.argon.core.protocol.Message;
import io.argon.core.protocol.Result;
import io.argon.core.protocol.Submit;

/**
 * A task the manager has taken from a client. On a node it travels under the manager's own
 * id, since ids chosen by different clients may collide; the answer goes back under the
 * client's. While a node runs it, it sits in that node's in-flight map.
 */
final class RoutedTask {
    final PendingTask pending;
    final String routedId;
    long dispatchedNanos;

    RoutedTask(PendingTask pending, String routedId) {
        this.pending = pending;
        this.routedId = routedId;
    }

    Submit request() {
        return pending.request();
    }

    /** The request as the node sees it. */
    Submit routed() {
        return pending.request().withId(routedId);
    }

    /** Passes a node's answer on to the client, under the client's id. */
    void relay(Message reply) {
        String id = pending.request().id();
        pending.answer(reply instanceof Result result ? result.withId(id) : ((Failure) reply).withId(id));
    }

    void fail(ErrorKind kind, String message) {
        pending.fail(kind, message);
    }
}
