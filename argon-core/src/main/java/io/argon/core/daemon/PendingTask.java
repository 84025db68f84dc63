package io.argon.core.daemon;

import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Message;
import io.argon.protocol.Rejected;
import io.argon.protocol.Submit;
import io.netty.channel.Channel;

/**
 * A task a daemon has taken from a client, the connection its one answer goes back on, and
 * the daemon's {@link TaskStats}. Every answer to a task goes through here, under the id the
 * client chose, and is counted.
 */
public record PendingTask(Submit request, Channel replyTo, TaskStats stats) {
    /** Sends the answer; if the client has gone away there is no one left to tell. */
    public void answer(Message reply) {
        stats.answered(reply);
        if (replyTo.isActive()) {
            replyTo.writeAndFlush(reply, replyTo.voidPromise());
        }
    }

    /** Answers with an error of {@code kind}. */
    public void fail(ErrorKind kind, String message) {
        answer(Failure.of(request.id(), kind, message));
    }

    /** Answers that the daemon is full now; the client may try again later. */
    public void reject(String reason) {
        answer(new Rejected(request.id(), reason));
    }
}
