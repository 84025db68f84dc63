package io.argon.node;

import io.argon.core.Backoff;
import io.argon.core.HostPort;
import io.argon.core.TlsFailures;
import io.argon.core.codec.MessageCodec;
import io.argon.core.codec.MessageEncoder;
import io.argon.core.codec.ProtocolErrors;
import io.argon.core.daemon.Daemon;
import io.argon.core.security.ClientAuthHandler;
import io.argon.core.security.LinkSecurity;
import io.argon.protocol.Failure;
import io.argon.protocol.Leaving;
import io.argon.protocol.Message;
import io.argon.protocol.Messages;
import io.argon.protocol.Register;
import io.argon.protocol.Registered;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A managed node's connection to one of its managers (a node may have several, each with a
 * link of its own). The node dials out and registers with the address it listens on; the
 * manager then sends tasks down this same connection, so the manager never needs to reach the
 * node. When the connection is lost the link keeps trying to register again, with a capped
 * exponential backoff, and logs each change of state once. A node drained by an operator stays
 * registered, shown as drained, until {@link #undrain()}; one that shuts down {@link #leave()}s.
 * On the node's event loop.
 */
final class ManagerLink {
    private static final Logger log = LoggerFactory.getLogger(ManagerLink.class);
    private static final Backoff RECONNECT = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    enum State { CONNECTING, REGISTERED, DISCONNECTED, STOPPED }

    private final HostPort manager;
    private final Daemon daemon;
    private final LinkSecurity security;
    private final EventLoop loop;
    private final String listenHost;
    private final int listenPort;
    private final int workers;
    private final int maxFrameBytes;
    private final ChannelHandler requests;
    /** How long a leaving node waits for its manager to close the link. */
    static final Duration LEAVE_WAIT = Duration.ofSeconds(5);

    private State state = State.CONNECTING;
    /** Shutting down: the manager lets the node go once it holds nothing. */
    private boolean leaving;
    /** Drained by an operator: registered, connected, and sent no tasks until undrained. */
    private boolean drained;
    private Channel channel;
    private int attempts;
    private long registrations;

    /** @param requests the handler that serves the manager's requests once registered */
    ManagerLink(HostPort manager, NodeConfig config, Daemon daemon, LinkSecurity security, int listenPort, ChannelHandler requests) {
        this.manager = manager;
        this.daemon = daemon;
        this.security = security;
        this.loop = daemon.loop();
        this.listenHost = config.daemon().host();
        this.listenPort = listenPort;
        this.workers = config.workers();
        this.maxFrameBytes = config.daemon().maxFrameBytes();
        this.requests = requests;
    }

    void start() {
        loop.execute(this::connect);
    }

    /** Runs now if on the node's loop (so that what follows there comes after it), else on the loop. */
    private void onLoop(Runnable step) {
        if (loop.inEventLoop()) {
            step.run();
        } else {
            loop.execute(step);
        }
    }

    HostPort manager() {
        return manager;
    }

    State state() {
        assert loop.inEventLoop();
        return state;
    }

    boolean isDrained() {
        assert loop.inEventLoop();
        return drained;
    }

    /**
     * Tells the manager the node is leaving (it shuts down): it sends no more tasks, does not
     * count the node lost, and lets it go (closes the link) once the node holds nothing of its.
     */
    void leave() {
        onLoop(() -> {
            if (state == State.REGISTERED && channel != null) {
                channel.writeAndFlush(new Leaving("leaving"), channel.voidPromise());
                leaving = true;
            } else if (state != State.STOPPED) {
                // Not registered now: stop trying.
                state = State.STOPPED;
                if (channel != null) {
                    channel.close();
                }
            }
        });
    }

    /**
     * Tells the manager the node is drained: it sends no more tasks and shows the node as
     * drained, and the link stays up, so that the manager can still reach the node (an
     * operator's undrain through it). A node that registers again while drained says so at once.
     */
    void drain() {
        onLoop(() -> {
            drained = true;
            if (state == State.REGISTERED && channel != null) {
                channel.writeAndFlush(new Leaving("drained", true), channel.voidPromise());
            }
        });
    }

    /** After a {@link #drain()}: registers again on the same link, and the manager sends tasks again. */
    void undrain() {
        onLoop(() -> {
            if (!drained) {
                return;
            }
            drained = false;
            if (state == State.REGISTERED && channel != null) {
                channel.writeAndFlush(new Register("register-" + (++registrations), advertisedAddress(channel), workers),
                        channel.voidPromise());
            }
        });
    }

    /**
     * Stops re-registering and closes the connection, after the node has drained. A manager
     * told that the node is leaving closes the link itself once it holds nothing there, so that
     * no task is on its way when the link goes; the node waits for that, up to
     * {@link #LEAVE_WAIT}, and then closes it itself.
     */
    CompletableFuture<Void> stop() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        loop.execute(() -> {
            state = State.STOPPED;
            Channel link = channel;
            if (link == null) {
                closed.complete(null);
                return;
            }
            link.closeFuture().addListener(done -> closed.complete(null));
            if (leaving) {
                loop.schedule(() -> {
                    if (link.isOpen()) {
                        log.info("manager {} did not let the node go within {} s; closing the link", manager, LEAVE_WAIT.toSeconds());
                        link.close();
                    }
                }, LEAVE_WAIT.toNanos(), TimeUnit.NANOSECONDS);
            } else {
                link.close();
            }
        });
        return closed;
    }

    private void connect() {
        assert loop.inEventLoop();
        if (state == State.STOPPED) {
            return;
        }
        ChannelFuture connecting = daemon.connect(manager, security, Registration::new);
        connecting.addListener(connected -> {
            if (!connected.isSuccess()) {
                disconnected("cannot reach it: " + connected.cause().getMessage());
                return;
            }
            // Watched from the start: a link that fails its handshake never becomes active.
            Channel link = connecting.channel();
            link.closeFuture().addListener(closed -> {
                if (channel == link) {
                    channel = null;
                }
                disconnected("connection closed");
            });
        });
    }

    private void disconnected(String why) {
        assert loop.inEventLoop();
        if (state == State.STOPPED) {
            return;
        }
        if (leaving) {
            leaving = false;
            log.info("manager {} let the node go", manager);
            state = State.STOPPED;
            return;
        }
        if (state != State.DISCONNECTED) {
            log.warn("manager {} {} {}; will keep trying to register", manager,
                    state == State.REGISTERED ? "lost:" : "unavailable:", why);
            state = State.DISCONNECTED;
        } else {
            log.debug("manager {} still unavailable: {}", manager, why);
        }
        // Half fixed, half random: never a tight loop, and nodes that lost the same manager
        // spread their attempts out.
        long delay = RECONNECT.ceilingNanos(attempts) / 2 + RECONNECT.delayNanos(attempts) / 2;
        attempts++;
        loop.schedule(this::connect, delay, TimeUnit.NANOSECONDS);
    }

    /** The address the node registers under: its listening host, or the interface that reaches the manager. */
    private String advertisedAddress(Channel ch) {
        String host = listenHost;
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = ((InetSocketAddress) ch.localAddress()).getAddress().getHostAddress();
        }
        return new HostPort(host, listenPort).toString();
    }

    /**
     * Registers when connected; once the manager accepts, hands the connection over to the
     * request handler. One per connection.
     */
    private final class Registration extends SimpleChannelInboundHandler<Message> {
        private String registrationId;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            registrationId = "register-" + (++registrations);
            ctx.writeAndFlush(new Register(registrationId, advertisedAddress(ctx.channel()), workers));
            ctx.fireChannelActive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Message message) {
            if (message instanceof Registered registered && registered.id().equals(registrationId)) {
                attempts = 0;
                state = State.REGISTERED;
                log.info("registered with manager {} as {}", manager, advertisedAddress(ctx.channel()));
                if (registered.maxFrameBytes() > 0 && registered.maxFrameBytes() < maxFrameBytes) {
                    // Nothing larger than the manager accepts goes to it: a result that would not
                    // fit becomes bad_result for its task, instead of costing the whole link.
                    ctx.pipeline().replace(MessageCodec.ENCODER, MessageCodec.ENCODER, new MessageEncoder(registered.maxFrameBytes()));
                }
                ctx.pipeline().replace(this, "requests", requests);
                if (drained) {
                    ctx.writeAndFlush(new Leaving("drained", true), ctx.voidPromise()); // still drained: no tasks
                }
            } else if (message instanceof Failure failure && registrationId.equals(failure.id())) {
                log.error("manager {} refused the registration: {}", manager, failure.message());
                ctx.close();
            } else {
                log.warn("manager {} sent a '{}' before accepting the registration; ignored", manager, Messages.typeOf(message));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
            if (reason instanceof ClientAuthHandler.AuthenticationException || reason instanceof SSLException) {
                // Registering again later may work, once the secrets or certificates are put right.
                log.error("manager {}: {}; not registering", manager, reason instanceof SSLException
                        ? "TLS failed: " + TlsFailures.describe(reason) : reason.getMessage());
                ctx.close();
            } else {
                ProtocolErrors.handle(ctx, cause, log);
            }
        }
    }
}
