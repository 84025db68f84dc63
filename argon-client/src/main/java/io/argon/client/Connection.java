package io.argon.client;

import io.argon.core.HostPort;
import io.argon.core.Plural;
import io.argon.core.TlsFailures;
import io.argon.core.codec.MessageEncoder;
import io.argon.core.codec.ProtocolException;
import io.argon.core.security.ClientAuthHandler;
import io.argon.protocol.Cancel;
import io.argon.protocol.Challenge;
import io.argon.protocol.Done;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Message;
import io.argon.protocol.Messages;
import io.argon.protocol.Ping;
import io.argon.protocol.Pong;
import io.argon.protocol.Rejected;
import io.argon.protocol.Result;
import io.argon.protocol.StatusReport;
import io.argon.protocol.TasksReport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to a node or manager and the tasks in flight on it, matched to their answers
 * by id. Tasks sent from many threads are written in batches with one flush per batch. When
 * the connection drops, the tasks in flight on it that are safe to send again go to the
 * client's failover; every other one fails at once, its outcome unknown.
 */
final class Connection extends SimpleChannelInboundHandler<Message> {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    /** The id of the ping whose pong makes the link ready. */
    static final String READY_PING = "ready";
    /** The id of the pings that check a quiet link is alive. */
    static final String HEARTBEAT_PING = "heartbeat";

    private final HostPort server;
    private final ClientOptions options;
    private final LongAdder rejections;
    /** Where the calls that may be sent again go when the connection is lost. */
    private final BiConsumer<Connection, List<Call>> failover;
    private final Map<String, Call> inFlight = new ConcurrentHashMap<>();
    private final Queue<Call> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile Channel channel;
    private volatile boolean lost;
    /** Why the daemon is closing the connection, when it said so (a TLS alert, an unauthorized error). */
    private volatile String closing;
    /** A heartbeat ping went out and nothing has come back since. Used on the I/O thread only. */
    private boolean heartbeatUnanswered;

    Connection(HostPort server, ClientOptions options, LongAdder rejections, BiConsumer<Connection, List<Call>> failover) {
        this.server = server;
        this.failover = failover;
        this.options = options;
        this.rejections = rejections;
    }

    /** Puts the heartbeat's idle timer just before this handler: it fires when no message has come for a while. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.channel = ctx.channel();
        ctx.pipeline().addBefore(ctx.name(), "heartbeat",
                new IdleStateHandler(options.heartbeat().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
    }

    /**
     * The daemon has said nothing for a heartbeat: ask it a ping; if it has said nothing for a
     * second one, the link is silent (a frozen daemon, a dead network, a half-open TCP
     * connection): close it, so that what is in flight on it fails or goes elsewhere.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (!(event instanceof IdleStateEvent idle) || idle.state() != IdleState.READER_IDLE || !ready.isDone()) {
            ctx.fireUserEventTriggered(event);
            return;
        }
        if (heartbeatUnanswered) {
            long silentMillis = 2 * options.heartbeat().toMillis();
            closing = "nothing came from it for " + silentMillis + " ms, a ping included: the link is silent";
            log.warn("closing the connection to {}: {}", server, closing);
            ctx.close();
        } else {
            heartbeatUnanswered = true;
            ctx.writeAndFlush(new Ping(HEARTBEAT_PING), ctx.voidPromise());
        }
    }

    /** Completes once the link is ready for tasks (after TLS and the secret, if any), or fails saying why not. */
    CompletableFuture<Void> ready() {
        return ready;
    }

    /**
     * Once TLS and the shared secret (if any) are through, the daemon is asked a ping: the link
     * is ready only when it answers. So a daemon that refuses the link late (TLS 1.3 turns down
     * a client certificate after the client's side of the handshake is done), or a peer that
     * does not speak Argon, fails the connection before any task is sent on it.
     */
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(new Ping(READY_PING), ctx.voidPromise());
        ctx.fireChannelActive();
    }

    boolean isOpen() {
        return !lost && channel != null && channel.isActive();
    }

    boolean inEventLoop() {
        return channel != null && channel.eventLoop().inEventLoop();
    }

    void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
    }

    HostPort server() {
        return server;
    }

    /** Sends a request (a task, a status or a control request); its answer completes {@code call.result}. */
    void send(Call call) {
        call.sentOn = this;
        inFlight.put(call.id(), call);
        if (call.cancelled) {
            inFlight.remove(call.id(), call); // cancelled on its way here: it never goes out
            return;
        }
        if (lost) {
            // The connection dropped while we were registering the call: it was never written, so
            // it goes to the next connection, unless the drop already took it (remove() decides
            // who handles it, exactly once).
            if (inFlight.remove(call.id()) != null) {
                failover.accept(this, List.of(call));
            }
            return;
        }
        outbox.add(call);
        if (drainScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(this::drainOutbox);
        }
    }

    /** Tells the daemon to drop or stop a task in flight; its answer, if one still comes, goes nowhere. */
    void cancel(Call call) {
        if (inFlight.remove(call.id(), call)) {
            if (!lost) {
                channel.writeAndFlush(new Cancel(call.id(), false), channel.voidPromise());
            }
        }
    }

    private void drainOutbox() {
        drainScheduled.set(false);
        Call call;
        while ((call = outbox.poll()) != null) {
            write(call);
        }
        channel.flush();
    }

    private void write(Call call) {
        Message message = call.messageAt(System.nanoTime());
        if (message == null) {
            if (inFlight.remove(call.id()) != null) {
                call.result.completeExceptionally(new TaskFailedException(FailureKind.TIMEOUT, call.taskId(), call.describe(),
                        Failure.of(call.id(), ErrorKind.TIMEOUT, "its timeout ran out before it could be sent; it did not run")));
            }
            return;
        }
        channel.write(message).addListener(written -> {
            if (!written.isSuccess() && inFlight.remove(call.id()) != null) {
                call.result.completeExceptionally(notWritten(call, written.cause()));
            }
        });
    }

    /** Why a call could not be written: too large to send, the connection going, or another failure. */
    private ArgonException notWritten(Call call, Throwable cause) {
        Throwable reason = unwrap(cause);
        if (reason instanceof MessageEncoder.FrameTooLargeException tooLarge) {
            return new TaskFailedException(Failure.of(call.id(), ErrorKind.FRAME_TOO_LARGE, "it is "
                    + tooLarge.length() + " bytes as a message, more than the limit of " + tooLarge.limit()
                    + " bytes (ClientOptions.withMaxFrameBytes; a daemon's --max-frame-bytes); it was not sent. "
                    + "Pass large data by reference (an id, a URL), not in the params"), call.taskId(), call.describe());
        }
        // A write that fails because the connection is going is the connection's loss, with its
        // reason; a TLS failure fails the pending writes before it is reported as an exception.
        if (closing == null && reason instanceof SSLException) {
            closing = reasonOf(cause);
        }
        return lost || closing != null || !channel.isActive() ? lostException(call, 1)
                : new ConnectionException(call.taskId(), "could not send " + call.describe() + ": " + reason
                        + "; it was not sent, so it did not run", reason);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message message) {
        heartbeatUnanswered = false;
        if (!ready.isDone()) {
            beforeReady(ctx, message);
            return;
        }
        if (message instanceof Result result) {
            Call call = inFlight.remove(result.id());
            if (call != null) {
                call.result.complete(result.result());
            }
        } else if (message instanceof Failure failure) {
            Call call = failure.id() != null ? inFlight.remove(failure.id()) : null;
            if (call != null) {
                call.result.completeExceptionally(failed(call, failure));
            } else if (failure.id() == null && failure.kind() == ErrorKind.UNAUTHORIZED) {
                closing = "[unauthorized] " + failure.message();
            } else if (failure.kind() == ErrorKind.CANCELLED) {
                log.debug("{} confirmed the cancel of task {}", server, failure.id());
            } else {
                log.warn("{} reported an error: [{}] {}", server, failure.kind().wireName(), failure.message());
            }
        } else if (message instanceof StatusReport status) {
            Call call = inFlight.remove(status.id());
            if (call != null) {
                call.result.complete(status.report());
            }
        } else if (message instanceof Done done) {
            Call call = inFlight.remove(done.id());
            if (call != null) {
                call.result.complete(done.report());
            }
        } else if (message instanceof TasksReport tasks) {
            Call call = inFlight.remove(tasks.id());
            if (call != null) {
                call.result.complete(tasks.report());
            }
        } else if (message instanceof Rejected rejected) {
            Call call = inFlight.get(rejected.id());
            if (call != null) {
                retryLater(call, rejected.reason());
            }
        } else if (!(message instanceof Pong)) {
            log.warn("{} sent an unexpected '{}' message; ignored", server, Messages.typeOf(message));
        }
    }

    /** The exception a daemon's error makes; a failure to make it still fails the call, never loses it. */
    private static ArgonException failed(Call call, Failure failure) {
        try {
            return new TaskFailedException(failure, call.taskId(), call.describe());
        } catch (RuntimeException bug) {
            return new ArgonException(FailureKind.INTERNAL, call.taskId(), call.describe() + " failed ([" + failure.kind().wireName()
                    + "] " + failure.message() + "), and the client could not read the error: " + bug, bug);
        }
    }

    /** What the daemon says before the link is ready: the pong that makes it so, or why it refuses the link. */
    private void beforeReady(ChannelHandlerContext ctx, Message message) {
        if (message instanceof Pong pong && READY_PING.equals(pong.id())) {
            ready.complete(null);
        } else if (message instanceof Failure failure && failure.id() == null) {
            closing = "[" + failure.kind().wireName() + "] " + failure.message();
            ready.completeExceptionally(new ConnectionException(null, server + " refused the connection: " + closing, null));
            ctx.close();
        } else if (message instanceof Challenge) {
            closing = "it asks for the shared secret, and this client has none (set ARGON_SECRET, or ClientOptions.withSecret)";
            ready.completeExceptionally(new ConnectionException(null, server + " refused the connection: " + closing, null));
            ctx.close();
        } else {
            closing = "it answered the first ping with a '" + Messages.typeOf(message) + "': it does not speak Argon's client protocol";
            ready.completeExceptionally(new ConnectionException(null, server + " " + closing, null));
            ctx.close();
        }
    }

    private void retryLater(Call call, String reason) {
        rejections.increment();
        int maxRetries = options.maxRetries();
        if (maxRetries >= 0 && call.rejections >= maxRetries) {
            if (inFlight.remove(call.id()) != null) {
                call.result.completeExceptionally(new RejectedException(call.taskId(), call.describe(), call.rejections + 1, reason));
            }
            return;
        }
        long delay = options.backoff().delayNanos(call.rejections++);
        channel.eventLoop().schedule(() -> {
            if (inFlight.get(call.id()) == call) {
                write(call);
                channel.flush();
            }
        }, delay, TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ready.completeExceptionally(new ConnectionException(null, server + " closed the connection before it was ready"
                + (closing != null ? ": " + closing : ""), null));
        lost = true;
        List<Call> again = new ArrayList<>();
        List<Call> unknown = new ArrayList<>();
        for (String id : inFlight.keySet()) {
            Call call = inFlight.remove(id);
            if (call != null) {
                (call.safeToResend() && !call.cancelled ? again : unknown).add(call);
            }
        }
        int lostCount = inFlight.size() + again.size() + unknown.size();
        unknown.forEach(call -> call.result.completeExceptionally(lostException(call, lostCount)));
        if (!again.isEmpty() || !unknown.isEmpty()) {
            log.warn("lost connection to {} with {} in flight: {} safe to send again, {} of unknown outcome", server,
                    Plural.of(again.size() + unknown.size(), "request"), again.size(), unknown.size());
        }
        failover.accept(this, again); // even with nothing to send again: the next connection goes to the next address
    }

    private static Throwable unwrap(Throwable cause) {
        return cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    }

    /** Why the link failed, in words for the person using the client. */
    private static String reasonOf(Throwable cause) {
        Throwable reason = unwrap(cause);
        return reason instanceof ClientAuthHandler.AuthenticationException ? reason.getMessage()
                : reason instanceof SSLException ? "TLS failed: " + TlsFailures.describe(reason) : reason.toString();
    }

    private OutcomeUnknownException lostException(Call call, int inFlightCount) {
        String why = closing;
        return new OutcomeUnknownException(call.taskId(), "lost connection to " + server + (why != null ? " (" + why + ")" : "")
                + " with " + Plural.of(inFlightCount, "request") + " in flight; " + call.describe() + " may or may not have run");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable reason = unwrap(cause);
        String why = !ready.isDone() && (reason instanceof TooLongFrameException || reason instanceof CorruptedFrameException
                || reason instanceof ProtocolException)
                ? server + " does not speak Argon (what it sent is not an Argon frame: " + reason.getMessage() + ")"
                : reasonOf(cause);
        closing = why;
        if (!ready.completeExceptionally(new ConnectionException(null, why, reason))) {
            log.warn("connection to {} failed: {}", server, why);
        }
        ctx.close();
    }
}
