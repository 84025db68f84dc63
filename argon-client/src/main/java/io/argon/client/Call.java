package io.argon.client;

import io.argon.protocol.Control;
import io.argon.protocol.Message;
import io.argon.protocol.RawJson;
import io.argon.protocol.Submit;
import java.util.concurrent.CompletableFuture;

/**
 * One request awaiting its answer, from its first send until the answer: a task (answered by
 * its result), a status request (by the report) or an operator's control request (by
 * {@code done}). Counts the rejections it has met.
 */
final class Call {
    final Message request;
    final CompletableFuture<RawJson> result = new CompletableFuture<>();
    int rejections;
    /** The connection it was last sent on; a failover moves it to another. */
    volatile Connection sentOn;
    /** How many times it was sent again after losing its connection. */
    int failovers;
    /** Its caller cancelled it: it is not sent again. */
    volatile boolean cancelled;

    Call(Message request) {
        this.request = request;
    }

    String id() {
        return request.id();
    }

    /**
     * Whether it may be sent again when its connection is lost: a task submitted as
     * idempotent, and a status request.
     */
    boolean safeToResend() {
        if (request instanceof Submit task) {
            return task.idempotent();
        }
        return !(request instanceof Control); // a status request may go anywhere; a control is for the daemon it was sent to
    }

    /** What the request is, in an error message. */
    String describe() {
        return request instanceof Submit task ? "task " + task.className()
                : request instanceof Control control ? "the " + control.action().wireName() + " request" : "the status request";
    }
}
