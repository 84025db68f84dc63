package io.argon.client;

import io.argon.core.HostPort;
import io.argon.core.Plural;
import io.argon.core.net.ClientChannelInitializer;
import io.argon.core.net.Transport;
import io.argon.core.security.LinkSecurity;
import io.argon.core.security.ServerAuthHandler;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's one connection to one of its servers: made on first use, and again after a
 * loss, to the address after the lost one. What was in flight on a lost connection and may be
 * sent again is sent through the next; the rest fails with its outcome unknown. Owns the
 * client's I/O thread and the thread that sends again. Thread-safe.
 */
final class Connector {
    private static final Logger log = LoggerFactory.getLogger(Connector.class);

    /** How many times one task is sent again after losing its connection, at most. */
    static final int MAX_FAILOVERS = 4;

    private final List<HostPort> servers;
    /** The address to try first when connecting: after a loss, the one after the lost one. */
    private final AtomicInteger preferred = new AtomicInteger();
    private final ClientOptions options;
    private final LinkSecurity security;
    private final Transport transport = Transport.best();
    private final EventLoopGroup group;
    private final LongAdder rejections = new LongAdder();
    private final Object connectLock = new Object();
    /** Sends tasks again after a loss; connecting blocks, and must not on the I/O thread that reports the loss. */
    private final ExecutorService failoverThread = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "argon-client-failover");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Connection connection;
    private volatile boolean closed;

    Connector(List<HostPort> servers, ClientOptions options, LinkSecurity security) {
        this.servers = List.copyOf(servers);
        this.options = options;
        this.security = security;
        this.group = transport.newGroup(1, "argon-client");
    }

    /** How many times, over this client's life, a task was answered {@code rejected} (queue full). */
    long rejections() {
        return rejections.sum();
    }

    /** Whether the calling thread is the client's I/O thread, which must never block. */
    boolean inEventLoop() {
        Connection current = connection;
        return current != null && current.inEventLoop();
    }

    /** Closes the connection; what is in flight on it fails with a {@link ConnectionException}. */
    void close() {
        closed = true;
        Connection current = connection;
        if (current != null) {
            current.close();
        }
        failoverThread.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The open connection, made now if there is none. */
    Connection connection() {
        Connection current = connection;
        if (current != null && current.isOpen()) {
            return current;
        }
        synchronized (connectLock) {
            current = connection;
            if (current != null && current.isOpen()) {
                return current;
            }
            if (closed) {
                throw new IllegalStateException("client is closed");
            }
            if (current != null && current.inEventLoop()) {
                // Connecting blocks, and this thread is the one that would complete the connect.
                throw new ConnectionException("not connected to " + current.server() + " (cannot reconnect from a completion callback)");
            }
            if (current != null) {
                movedOn(current);
            }
            connection = open();
            return connection;
        }
    }

    /**
     * Connects to the first address that takes the connection, starting with the preferred one,
     * and waits until the link is ready: the TLS handshake and the shared-secret handshake done,
     * if the options ask for them.
     */
    private Connection open() {
        int first = preferred.get();
        List<String> failures = new ArrayList<>();
        ConnectionException last = null;
        for (int i = 0; i < servers.size(); i++) {
            int index = (first + i) % servers.size();
            try {
                Connection fresh = open(servers.get(index));
                preferred.set(index);
                return fresh;
            } catch (ConnectionException e) {
                last = e;
                failures.add(e.getMessage());
            }
        }
        throw servers.size() == 1 ? last : new ConnectionException("cannot connect to any of " + servers.size() + " addresses: "
                + String.join("; ", failures), last);
    }

    private Connection open(HostPort server) {
        Connection fresh = new Connection(server, options, rejections, this::failover);
        ChannelFuture connecting = new Bootstrap()
                .group(group)
                .channel(transport.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .handler(new ClientChannelInitializer(options.maxFrameBytes(), security, server, null, () -> fresh))
                .connect(server.host(), server.port())
                .awaitUninterruptibly();
        if (!connecting.isSuccess()) {
            Throwable cause = connecting.cause();
            throw new ConnectionException("cannot connect to " + server + ": " + (cause != null ? cause.getMessage() : "timed out"), cause);
        }
        fresh.attach(connecting.channel());
        try {
            // The handshakes have their own time limits; this one is only a backstop.
            fresh.ready().get(options.connectTimeout().toMillis() + 2 * ServerAuthHandler.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ConnectionException("cannot connect to " + server + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connecting.channel().close();
            throw new ConnectionException("interrupted while connecting to " + server, e);
        } catch (TimeoutException e) {
            connecting.channel().close();
            throw new ConnectionException("cannot connect to " + server + ": the link did not become ready", e);
        }
        return fresh;
    }

    /**
     * A connection was lost with {@code calls} in flight that may be sent again: the next
     * connection goes to the next address, and they are sent through it (off the I/O thread,
     * since connecting blocks). One that has been moved {@value #MAX_FAILOVERS} times, or finds no
     * address to go to, fails with its outcome unknown.
     */
    private void failover(Connection lost, List<Call> calls) {
        movedOn(lost);
        if (calls.isEmpty()) {
            return;
        }
        if (closed) {
            calls.forEach(call -> call.result.completeExceptionally(new OutcomeUnknownException(
                    "the client was closed while " + call.describe() + " was in flight; it may or may not have run")));
            return;
        }
        try {
            failoverThread.execute(() -> resend(lost, calls));
        } catch (RejectedExecutionException e) { // closed meanwhile
            calls.forEach(call -> call.result.completeExceptionally(new OutcomeUnknownException(
                    "the client was closed while " + call.describe() + " was in flight; it may or may not have run")));
        }
    }

    /**
     * The next connection goes to the address after {@code lost}'s. Called both where the loss
     * is seen and where a new connection is made (whichever comes first), it moves once per loss.
     */
    private void movedOn(Connection lost) {
        int index = servers.indexOf(lost.server());
        preferred.compareAndSet(index, (index + 1) % servers.size());
    }

    private void resend(Connection lost, List<Call> calls) {
        List<Call> again = new ArrayList<>();
        for (Call call : calls) {
            if (call.cancelled || call.result.isDone()) {
                continue;
            }
            if (++call.failovers > MAX_FAILOVERS) {
                call.result.completeExceptionally(new OutcomeUnknownException("lost the connection under " + call.describe()
                        + " " + MAX_FAILOVERS + " times; it may or may not have run"));
            } else {
                again.add(call);
            }
        }
        if (again.isEmpty()) {
            return;
        }
        Connection next;
        try {
            next = connection();
        } catch (ArgonException e) {
            OutcomeUnknownException stranded = new OutcomeUnknownException("lost the connection to " + lost.server()
                    + " and found no other: " + e.getMessage() + "; the task may or may not have run");
            again.forEach(call -> call.result.completeExceptionally(stranded));
            return;
        }
        log.info("sending {} that lost {} again, through {}", Plural.of(again.size(), "request"), lost.server(), next.server());
        again.forEach(next::send);
    }
}
