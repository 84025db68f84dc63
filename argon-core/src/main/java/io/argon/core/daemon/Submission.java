package io.argon.core.daemon;

import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Message;
import io.argon.protocol.Rejected;
import io.argon.protocol.Submit;
import io.netty.channel.Channel;

/**
 * A task as a client submitted it: the request, the connection its one answer goes back on,
 * and the daemon's {@link TaskStats}, which count that answer. Every answer a daemon sends to a
 * task goes out through here, under the id the client chose.
 */
public record Submission(Submit request, Channel replyTo, TaskStats stats) {
    /** Sends the answer; if the client has gone away there is no one left to tell. */
    public void answer(Message reply) {
        stats.answered(request.className(), reply);
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
