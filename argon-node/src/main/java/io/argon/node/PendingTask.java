package io.argon.node;

import io.argon.core.protocol.Message;
import io.argon.core.protocol.Submit;
import io.netty.channel.Channel;

/** A task the node has admitted, and the connection its answer goes back on. */
record PendingTask(Submit request, Channel replyTo) {
    /** Sends the answer; if the caller has gone away there is no one left to tell. */
    void answer(Message reply) {
        if (replyTo.isActive()) {
            replyTo.writeAndFlush(reply, replyTo.voidPromise());
        }
    }
}
