package io.argon.client;

import io.argon.core.HostPort;
import io.argon.core.Plural;
import io.argon.core.net.ClientChannelInitializer;
import io.argon.core.net.Transport;
import io.argon.core.security.LinkSecurity;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's one connection to one of its servers: made on first use, and again after a
 * loss, to the address after the lost one. What was in flight on a lost connection and may be
 * sent again is sent through the next; the rest fails with its outcome unknown.
 *
 * <p>Nothing here blocks: a connection is a future that completes once the link is ready (TLS
 * and the shared-secret handshake done), and every caller, the client's I/O thread included,
 * only chains work on it. The lock guards which future is current and is never held while
 * waiting. Thread-safe.
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
    /** The group's one thread: the client's I/O thread. */
    private final EventLoop ioThread;
    private final LongAdder rejections = new LongAdder();
    private final Object lock = new Object();
    /** The connection in use or being made; replaced when it fails or is lost. Guarded by {@link #lock}. */
    private CompletableFuture<Connection> current;
    /**
     * Calls submitted while their connection was being made, in the order they were submitted,
     * each with the connection it waits for. Guarded by {@link #lock}.
     */
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    /** Whether {@link #waiting} is being sent: until it is empty, a new call queues behind it. Guarded by {@link #lock}. */
    private boolean draining;
    private volatile boolean closed;

    /**
     * A connector to {@code servers}, tried in order, with the security {@code options} ask for.
     *
     * @throws IllegalArgumentException when there is no server
     * @throws ArgonException when the TLS files in {@code options} cannot be used
     */
    static Connector to(List<HostPort> servers, ClientOptions options) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("a client needs at least one address");
        }
        try {
            return new Connector(servers, options, new LinkSecurity(options.secret(), options.tls().clientContext()));
        } catch (SSLException e) {
            throw new ArgonException(FailureKind.CONNECTION, null, "cannot set up TLS: " + e.getMessage(), e);
        }
    }

    Connector(List<HostPort> servers, ClientOptions options, LinkSecurity security) {
        this.servers = List.copyOf(servers);
        this.options = options;
        this.security = security;
        this.group = transport.newGroup(1, "argon-client");
        this.ioThread = group.next();
    }

    /** How many times, over this client's life, a task was answered {@code rejected} (queue full). */
    long rejections() {
        return rejections.sum();
    }

    /** Whether the calling thread is the client's I/O thread, which must never block. */
    boolean inEventLoop() {
        return ioThread.inEventLoop();
    }

    /**
     * Closes the connection; what is in flight on it fails with a {@link ConnectionException}.
     * Closing again does nothing.
     */
    void close() {
        CompletableFuture<Connection> last;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            last = current;
        }
        if (last != null) {
            last.completeExceptionally(closedException());
            if (!last.isCompletedExceptionally()) {
                last.join().close();
            }
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Whether {@link #close()} was called. */
    boolean isClosed() {
        return closed;
    }

    /** Runs {@code task} on the client's I/O thread after {@code delayNanos}; null (and nothing runs) once the client is closed. */
    ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        try {
            return ioThread.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            return null;
        }
    }

    /**
     * The connection to send on: the open one, the one being made, or one made now, starting
     * with the preferred address. Never blocks; fails with a {@link ConnectionException} when no
     * address takes the connection, and at once once the client is closed.
     */
    CompletableFuture<Connection> connection() {
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(closedException());
            }
            CompletableFuture<Connection> known = current;
            if (known != null && !known.isDone()) {
                return known;
            }
            if (known != null && !known.isCompletedExceptionally()) {
                Connection open = known.join();
                if (open.isOpen()) {
                    return known;
                }
                movedOn(open);
            }
            current = connectToAny();
            return current;
        }
    }

    /**
     * Sends a call on the connection once it is ready, in the order calls were submitted: a
     * call submitted while the connection is being made waits behind those before it, and goes
     * out after them. Never blocks, the client's I/O thread included. If no connection can be
     * made, the call fails with a {@link ConnectionException} saying it did not run.
     */
    void send(Call call) {
        CompletableFuture<Connection> connection;
        synchronized (lock) {
            connection = connection();
            if (draining || !connection.isDone()) {
                waiting.add(new Waiting(call, connection));
                if (!draining) {
                    draining = true;
                    connection.whenComplete((ignored, error) -> drainWaiting());
                }
                return;
            }
        }
        deliver(call, connection);
    }

    /** Sends what waits, in order, up to the first call whose connection is still being made. */
    private void drainWaiting() {
        while (true) {
            Waiting next;
            synchronized (lock) {
                next = waiting.peek();
                if (next == null) {
                    draining = false;
                    return;
                }
                if (!next.connection().isDone()) {
                    next.connection().whenComplete((ignored, error) -> drainWaiting());
                    return;
                }
                waiting.poll();
            }
            deliver(next.call(), next.connection());
        }
    }

    private static void deliver(Call call, CompletableFuture<Connection> connection) {
        if (call.cancelled) {
            return; // its caller gave up on it before it went out
        }
        Connection open;
        try {
            open = connection.join();
        } catch (CompletionException | CancellationException e) {
            Throwable error = e.getCause() == null ? e : e.getCause();
            call.result.completeExceptionally(new ConnectionException(call.taskId(), error.getMessage() + "; " + call.describe()
                    + " was not sent, so it did not run", error));
            return;
        }
        open.send(call);
    }

    /** A call waiting for a connection being made. */
    private record Waiting(Call call, CompletableFuture<Connection> connection) {
    }

    private static ConnectionException closedException() {
        return new ConnectionException(null, "the client is closed", null);
    }

    /** Tries each address in turn, from the preferred one, until one takes the connection. */
    private CompletableFuture<Connection> connectToAny() {
        CompletableFuture<Connection> result = new CompletableFuture<>();
        tryAddress(preferred.get(), 0, new ArrayList<>(), result);
        return result;
    }

    private void tryAddress(int first, int tried, List<ConnectionException> failures, CompletableFuture<Connection> result) {
        if (tried == servers.size()) {
            ConnectionException last = failures.get(failures.size() - 1);
            result.completeExceptionally(servers.size() == 1 ? last : new ConnectionException(null, "cannot connect to any of "
                    + servers.size() + " addresses: " + String.join("; ", failures.stream().map(Throwable::getMessage).toList()),
                    last));
            return;
        }
        int index = (first + tried) % servers.size();
        connect(servers.get(index)).whenComplete((connection, error) -> {
            if (error == null) {
                preferred.set(index);
                if (!result.complete(connection)) {
                    connection.close(); // the client was closed meanwhile
                }
            } else {
                failures.add((ConnectionException) error);
                tryAddress(first, tried + 1, failures, result);
            }
        });
    }

    /** Connects to one address; completes once the link is ready, or fails saying why not. */
    private CompletableFuture<Connection> connect(HostPort server) {
        CompletableFuture<Connection> ready = new CompletableFuture<>();
        Connection fresh = new Connection(server, options, rejections, this::failover);
        ChannelFuture connecting = new Bootstrap()
                .group(group)
                .channel(transport.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .handler(new ClientChannelInitializer(options.maxFrameBytes(), security, server, null, () -> fresh))
                .connect(server.host(), server.port());
        connecting.addListener(connected -> {
            if (!connected.isSuccess()) {
                ready.completeExceptionally(new ConnectionException(null, "cannot connect to " + server + ": "
                        + why(connected.cause()), connected.cause()));
                return;
            }
            // TLS, the shared secret and the first ping, all within the handshake timeout: a peer
            // that says nothing (an HTTP server waiting for a request, a frozen daemon) is given up.
            long handshake = options.handshakeTimeout().toMillis();
            connecting.channel().eventLoop().schedule(() -> {
                if (ready.completeExceptionally(new ConnectionException(null, "cannot connect to " + server
                        + ": it did not answer as an Argon daemon within " + handshake + " ms (ClientOptions.withHandshakeTimeout)",
                        null))) {
                    connecting.channel().close();
                }
            }, handshake, TimeUnit.MILLISECONDS);
            fresh.ready().whenComplete((ignored, error) -> {
                if (error == null) {
                    ready.complete(fresh);
                } else {
                    ready.completeExceptionally(new ConnectionException(null, "cannot connect to " + server + ": "
                            + error.getMessage(), error));
                }
            });
        });
        return ready;
    }

    /**
     * A connection was lost with {@code calls} in flight that may be sent again: the next
     * connection goes to the next address, and they are sent through it. One that has been
     * moved {@value #MAX_FAILOVERS} times, or finds no address to go to, fails with its outcome
     * unknown. Called on the I/O thread; it only chains on the next connection.
     */
    private void failover(Connection lost, List<Call> calls) {
        movedOn(lost);
        List<Call> again = new ArrayList<>();
        for (Call call : calls) {
            if (call.cancelled || call.result.isDone()) {
                continue;
            }
            if (closed) {
                call.result.completeExceptionally(new OutcomeUnknownException(call.taskId(),
                        "the client was closed while " + call.describe() + " was in flight; it may or may not have run"));
            } else if (++call.failovers > MAX_FAILOVERS) {
                call.result.completeExceptionally(new OutcomeUnknownException(call.taskId(), "lost the connection under "
                        + call.describe() + " " + MAX_FAILOVERS + " times; it may or may not have run"));
            } else {
                again.add(call);
            }
        }
        if (again.isEmpty()) {
            return;
        }
        connection().whenComplete((next, error) -> {
            if (error != null) {
                again.forEach(call -> call.result.completeExceptionally(new OutcomeUnknownException(call.taskId(),
                        "lost the connection to " + lost.server() + " and found no other: " + error.getMessage() + "; "
                        + call.describe() + " may or may not have run")));
                return;
            }
            log.info("sending {} that lost {} again, through {}", Plural.of(again.size(), "request"), lost.server(), next.server());
            again.forEach(next::send);
        });
    }

    /** Why a connection could not be made, in a person's words rather than the socket layer's. */
    static String why(Throwable cause) {
        if (cause == null) {
            return "timed out";
        }
        if (cause instanceof ConnectTimeoutException) {
            return "no answer within the connect timeout";
        }
        String message = String.valueOf(cause.getMessage());
        if (cause instanceof IOException) {
            String lower = message.toLowerCase(Locale.ROOT);
            if (lower.contains("connection refused")) {
                return "connection refused (nothing listens on that port)";
            }
            if (lower.contains("no route to host")) {
                return "no route to host";
            }
            if (lower.contains("network is unreachable")) {
                return "network unreachable";
            }
        }
        if (cause instanceof UnknownHostException) {
            return "unknown host";
        }
        return message;
    }

    /**
     * The next connection goes to the address after {@code lost}'s. Called both where the loss
     * is seen and where a new connection is made (whichever comes first), it moves once per loss.
     */
    private void movedOn(Connection lost) {
        int index = servers.indexOf(lost.server());
        preferred.compareAndSet(index, (index + 1) % servers.size());
    }
}
