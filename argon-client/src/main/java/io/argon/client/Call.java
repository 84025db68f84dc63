package io.argon.client;

import io.argon.core.protocol.Message;
import io.argon.core.protocol.RawJson;
import io.argon.core.protocol.Submit;
import java.util.concurrent.CompletableFuture;

/**
 * One request awaiting its answer, from its first send until the answer: a task (answered by
 * its result) or a status request (by the report). Counts the rejections it has met.
 */
final class Call {
    final Message request;
    final CompletableFuture<RawJson> result = new CompletableFuture<>();
    int rejections;

    Call(Message request) {
        this.request = request;
    }

    String id() {
        return request.id();
    }

    /** What the request is, in an error message. */
    String describe() {
        return request instanceof Submit task ? "task " + task.className() : "the status request";
    }
}
