package io.argon.core.daemon;

import io.argon.protocol.RawJson;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/** A daemon as its command runs it: a node or a manager. */
public interface Server {
    /** Starts serving; returns the address it listens on. A start that fails leaves nothing behind. */
    InetSocketAddress start() throws Exception;

    /** Drains and stops; completes once everything is released. */
    CompletableFuture<Void> shutdown();

    /**
     * What SIGHUP does: a node rolls its workers over to the task code on disk now, a manager
     * rolls every node. Completes with the report a {@code control} reload gets.
     */
    CompletableFuture<RawJson> reload();
}
