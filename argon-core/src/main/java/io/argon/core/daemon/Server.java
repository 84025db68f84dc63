package io.argon.core.daemon;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * A daemon as its command runs it (see {@link DaemonRunner}): a node or a manager. Its
 * {@link #control} is what an operator asks of it; SIGHUP asks for a reload.
 */
public interface Server extends ControlService {
    /** Starts serving; returns the address it listens on. A start that fails leaves nothing behind. */
    InetSocketAddress start() throws Exception;

    /** Drains and stops; completes once everything is released. */
    CompletableFuture<Void> shutdown();
}
