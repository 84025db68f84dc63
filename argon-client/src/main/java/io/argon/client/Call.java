package io.argon.client;

import io.argon.core.protocol.RawJson;
import io.argon.core.protocol.Submit;
import java.util.concurrent.CompletableFuture;

/** One submitted task, from its first send until its answer; counts the rejections it has met. */
final class Call {
    final Submit request;
    final CompletableFuture<RawJson> result = new CompletableFuture<>();
    int rejections;

    Call(Submit request) {
        this.request = request;
    }

    String id() {
        return request.id();
    }
}
