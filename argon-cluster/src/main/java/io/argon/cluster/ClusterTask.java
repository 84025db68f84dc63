package io.argon.cluster;

import io.argon.core.protocol.Message;
import io.argon.core.protocol.Submit;
import io.netty.channel.Channel;

/**
 * A task the manager has admitted: the client's request, where its answer goes, and, while a
 * node runs it, since when (the node keeps it in its in-flight map). On the node it travels under the manager's own id,
 * since ids chosen by different clients may collide.
 */
final class ClusterTask {
    final Submit request;
    final Channel replyTo;
    final String routedId;
    long dispatchedNanos;

    ClusterTask(Submit request, Channel replyTo, String routedId) {
        this.request = request;
        this.replyTo = replyTo;
        this.routedId = routedId;
    }

    /** The request as the node sees it. */
    Submit routed() {
        return request.withId(routedId);
    }

    /** Sends the answer to the client, under the client's id. */
    void answer(Message reply) {
        if (replyTo.isActive()) {
            replyTo.writeAndFlush(reply, replyTo.voidPromise());
        }
    }
}
