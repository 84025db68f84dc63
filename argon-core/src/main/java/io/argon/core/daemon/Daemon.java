package io.argon.core.daemon;

import io.argon.core.HostPort;
import io.argon.core.codec.FrameBudget;
import io.argon.core.net.ClientChannelInitializer;
import io.argon.core.net.ConnectionLimit;
import io.argon.core.net.ServerChannelInitializer;
import io.argon.core.net.Transport;
import io.argon.core.security.LinkSecurity;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node and a manager share apart from their role: listening, the set of open
 * connections, and stopping in order.
 *
 * <p>Stopping goes: stop taking connections from clients; let the role drain for up to a
 * grace period; have it answer what it still holds; undo, newest first, what the start did
 * ({@link #onStop}); close every connection. A start that fails half way calls
 * {@link #abort()}, which undoes the same steps without the drain, so nothing it had started
 * (listeners, worker JVMs, temporary files) outlives it.
 *
 * <p>Everything runs on one event loop that the caller owns and passes in (and shuts down
 * after {@link #stop} completes); the loop's {@link io.netty.util.concurrent.Ticker} is the
 * daemon's clock, so a test that drives an embedded loop with a mock ticker moves time for
 * the daemon's scheduled work and for its own readings of the time alike.
 */
public final class Daemon {
    /** What the skeleton asks of the daemon's own logic when it stops. Called on the loop. */
    public interface Role {
        /** Takes no more tasks; the future completes once every task held has been answered. */
        CompletableFuture<Void> drain();

        /** The grace period ran out: answers every task still held. */
        void abandon();
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    private final EventLoop loop;
    private final Transport transport;
    private final int maxFrameBytes;
    private final ConnectionLimit publicConnections;
    private final FrameBudget unfinishedFrames = FrameBudget.ofBufferMemory();
    private final ChannelGroup connections;
    /** Listeners for clients: closed as soon as the daemon starts to stop. */
    private final List<Channel> publicListeners = new ArrayList<>();
    /** Listeners for the daemon's own processes (workers) and its services (metrics): open until the end. */
    private final List<Channel> localListeners = new ArrayList<>();
    private final Deque<Supplier<? extends CompletionStage<?>>> undo = new ArrayDeque<>();
    private CompletableFuture<Void> stopped;

    /** @param maxConnections how many connections from outside may be open at once; more are closed as they come */
    public Daemon(String name, EventLoop loop, Transport transport, int maxFrameBytes, int maxConnections) {
        this.loop = loop;
        this.transport = transport;
        this.maxFrameBytes = maxFrameBytes;
        this.publicConnections = new ConnectionLimit(maxConnections);
        this.connections = new DefaultChannelGroup(name, loop);
    }

    public EventLoop loop() {
        return loop;
    }

    /**
     * Binds the port for TCP connections from clients (and nodes), protected by {@code security};
     * blocks until bound. Not on the loop. Connections wait in the kernel's queue until
     * {@link #accept()}, so a daemon can take its port before it is ready to serve, and fail at
     * once if it cannot have it.
     *
     * @throws ListenException when the address cannot be bound (in use, not this host's, no such name)
     */
    public InetSocketAddress listen(String host, int port, LinkSecurity security, Supplier<? extends ChannelHandler> role)
            throws InterruptedException, ListenException {
        Channel listener = bind(new ServerBootstrap()
                .option(ChannelOption.AUTO_READ, false)
                .childHandler(new ServerChannelInitializer(maxFrameBytes, security, connections, publicConnections,
                        unfinishedFrames, role)), host, port);
        synchronized (this) {
            publicListeners.add(listener);
        }
        InetSocketAddress address = (InetSocketAddress) listener.localAddress();
        if (security.secret() == null && !address.getAddress().isLoopbackAddress()) {
            log.warn("listening on {}:{} with no shared secret: anyone who can reach this port can run tasks here. "
                    + "Set one with --secret-file FILE (or ARGON_SECRET) on every node, manager and client, "
                    + "or listen on 127.0.0.1 (-H)", host, address.getPort());
        }
        return address;
    }

    /**
     * Binds a port that speaks another protocol than Argon's (the metrics endpoint's HTTP), set up
     * on each connection by {@code pipeline}. Its connections count against the daemon's limit on
     * connections from outside and close with the daemon; it stays open while the daemon drains,
     * so that what it does meanwhile can be watched. Blocks until bound; not on the loop.
     *
     * @throws ListenException when the address cannot be bound
     */
    public InetSocketAddress listenService(String host, int port, Consumer<ChannelPipeline> pipeline)
            throws InterruptedException, ListenException {
        Channel listener = bind(new ServerBootstrap().childHandler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                if (!publicConnections.admit(channel)) {
                    channel.close();
                    return;
                }
                connections.add(channel);
                pipeline.accept(channel.pipeline());
            }
        }), host, port);
        synchronized (this) {
            localListeners.add(listener);
        }
        return (InetSocketAddress) listener.localAddress();
    }

    /** Binds a TCP listener on the daemon's loop; blocks until bound. */
    private Channel bind(ServerBootstrap bootstrap, String host, int port) throws InterruptedException, ListenException {
        try {
            return bootstrap.group(loop)
                    .channel(transport.serverChannel())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .bind(host, port).sync().channel();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) { // Netty rethrows the bind's own failure unchecked
            throw new ListenException("cannot listen on " + new HostPort(host, port) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The connection, accepted on the public port, is not a client's but one of the daemon's own
     * peers (a node that registered with this manager): it no longer counts against
     * {@code --max-connections}, so that nodes never crowd out clients.
     */
    public void exemptFromConnectionLimit(Channel channel) {
        publicConnections.exempt(channel);
    }

    /** Starts taking the connections that wait on the ports bound with {@link #listen}. */
    public synchronized void accept() {
        publicListeners.forEach(listener -> listener.config().setAutoRead(true));
    }

    /** The daemon cannot have the address it was told to listen on. */
    public static final class ListenException extends Exception {
        ListenException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Listens on a Unix domain socket for the daemon's own processes; blocks until bound. It
     * stays open while the daemon drains, so that a worker replaced meanwhile can still link.
     */
    public void listenLocal(Path socket, Supplier<? extends ChannelHandler> role) throws InterruptedException {
        Channel listener = new ServerBootstrap()
                .group(loop)
                .channel(transport.domainServerChannel())
                // The socket's directory is the node's own (mode 700): only its user reaches it.
                .childHandler(new ServerChannelInitializer(maxFrameBytes, LinkSecurity.NONE, connections, null, null, role))
                .bind(transport.domainAddress(socket)).sync().channel();
        synchronized (this) {
            localListeners.add(listener);
        }
    }

    /** Dials out (a node to its manager); the connection is one of this daemon's and closes with it. */
    public ChannelFuture connect(HostPort peer, LinkSecurity security, Supplier<? extends ChannelHandler> role) {
        return new Bootstrap()
                .group(loop)
                .channel(transport.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
                .handler(new ClientChannelInitializer(maxFrameBytes, security, peer, connections, role))
                .connect(peer.host(), peer.port());
    }

    /**
     * Registers a step that stopping must undo. Steps are undone newest first, each once the
     * one before has finished (a step may complete later, e.g. once worker processes exit).
     */
    public synchronized void onStop(Supplier<? extends CompletionStage<?>> step) {
        undo.push(step);
    }

    /** {@link #onStop(Supplier)} for a step that finishes when it returns. */
    public void onStop(Runnable step) {
        onStop(() -> {
            step.run();
            return CompletableFuture.completedFuture(null);
        });
    }

    /**
     * Stops the daemon (see the class comment); the same future for every call. The caller
     * shuts the event loop down once it completes.
     */
    public synchronized CompletableFuture<Void> stop(Duration grace, Role role) {
        if (stopped == null) {
            stopped = new CompletableFuture<>();
            loop.execute(() -> {
                publicListeners.forEach(Channel::close);
                CompletableFuture<Void> settled = new CompletableFuture<>();
                ScheduledFuture<?> timeout = loop.schedule(() -> settled.complete(null), grace.toNanos(), TimeUnit.NANOSECONDS);
                role.drain().whenComplete((ignored, error) -> settled.complete(null));
                settled.thenComposeAsync(ignored -> {
                    timeout.cancel(false);
                    role.abandon();
                    return undoAll();
                }, loop).whenComplete((ignored, error) -> stopped.complete(null));
            });
        }
        return stopped;
    }

    /** Undoes a start that failed half way: no drain, since nothing was served yet. */
    public synchronized CompletableFuture<Void> abort() {
        if (stopped == null) {
            stopped = CompletableFuture.supplyAsync(this::undoAll, loop).thenCompose(done -> done);
        }
        return stopped;
    }

    /** Runs the undo steps newest first, then closes every listener and connection. */
    private CompletableFuture<Void> undoAll() {
        List<Supplier<? extends CompletionStage<?>>> steps;
        synchronized (this) {
            steps = new ArrayList<>(undo);
            undo.clear();
        }
        CompletableFuture<?> chain = CompletableFuture.completedFuture(null);
        for (Supplier<? extends CompletionStage<?>> step : steps) {
            // A failed step must not keep the later ones (or the closing) from running.
            chain = chain.handle((ignored, error) -> null).thenCompose(ignored -> step.get().thenApply(done -> null));
        }
        return chain.handle((ignored, error) -> null).thenRun(this::closeAll);
    }

    private void closeAll() {
        List<Channel> listeners;
        synchronized (this) {
            listeners = new ArrayList<>(publicListeners);
            listeners.addAll(localListeners);
        }
        listeners.forEach(Channel::close);
        connections.close();
    }
}
