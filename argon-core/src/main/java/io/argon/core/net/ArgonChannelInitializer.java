package io.argon.core.net;

import io.argon.core.HostPort;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.util.function.Supplier;

/**
 * The pipeline of every Argon connection, one per side: TLS if the link has it, framing and the
 * message codec, flush batching, the shared-secret handshake if the link has a secret, then
 * the handler of the role the connection plays (client, node, worker link, manager link). The
 * role's handler hears that the connection is active only once TLS and the handshake are done.
 */
public final class ArgonChannelInitializer extends ChannelInitializer<Channel> {
    /**
     * Writes are flushed once per event-loop iteration, or after this many: a daemon answering
     * a burst of tasks makes one system call for many answers.
     */
    static final int FLUSH_BATCH = 256;
    /** What a peer may send before it has proven the secret: the handshake needs a few hundred bytes. */
    static final int UNAUTHENTICATED_MAX_FRAME_BYTES = 4096;

    private final boolean server;
    private final int maxFrameBytes;
    private final LinkSecurity security;
    private final HostPort peer;
    private final ChannelGroup connections;
    private final ConnectionLimit limit;
    private final FrameBudget budget;
    private final Supplier<? extends ChannelHandler> role;

    private ArgonChannelInitializer(boolean server, int maxFrameBytes, LinkSecurity security, HostPort peer,
            ChannelGroup connections, ConnectionLimit limit, FrameBudget budget, Supplier<? extends ChannelHandler> role) {
        this.server = server;
        this.maxFrameBytes = maxFrameBytes;
        this.security = security;
        this.peer = peer;
        this.connections = connections;
        this.limit = limit;
        this.budget = budget;
        this.role = role;
    }

    /**
     * A daemon's side of the connections it accepts.
     *
     * @param connections where each new connection is added, so the daemon can close them all
     * @param limit       how many may be open at once, or null for no limit
     * @param budget      the cap on what unfinished frames hold across connections, or null
     * @param role        the last handler; called once per connection, so it may return a new
     *                    handler with state, or the same {@code @Sharable} one
     */
    static ArgonChannelInitializer server(int maxFrameBytes, LinkSecurity security, ChannelGroup connections,
            ConnectionLimit limit, FrameBudget budget, Supplier<? extends ChannelHandler> role) {
        return new ArgonChannelInitializer(true, maxFrameBytes, security, null, connections, limit, budget, role);
    }

    /**
     * A client's side of a connection to {@code peer} (a client's, or a node's to its manager).
     *
     * @param connections where the connection is added, or null
     */
    public static ArgonChannelInitializer client(int maxFrameBytes, LinkSecurity security, HostPort peer,
            ChannelGroup connections, Supplier<? extends ChannelHandler> role) {
        return new ArgonChannelInitializer(false, maxFrameBytes, security, peer, connections, null, null, role);
    }

    @Override
    protected void initChannel(Channel channel) {
        if (limit != null && !limit.admit(channel)) {
            channel.close();
            return;
        }
        if (connections != null) {
            connections.add(channel);
        }
        ChannelPipeline pipeline = channel.pipeline();
        if (security.tls() != null) {
            if (server) {
                pipeline.addLast("tls-detect", new TlsDetector(security.tls()));
            } else {
                pipeline.addLast("tls", security.tls().newHandler(channel.alloc(), peer.host(), peer.port()));
                pipeline.addLast("tls-gate", new TlsHandshakeGate());
            }
        }
        boolean daemonWithSecret = server && security.secret() != null;
        MessageCodec.install(pipeline, daemonWithSecret ? UNAUTHENTICATED_MAX_FRAME_BYTES : maxFrameBytes, maxFrameBytes, budget);
        pipeline.addLast("flush", new FlushConsolidationHandler(FLUSH_BATCH, true));
        if (security.secret() != null) {
            pipeline.addLast("auth", server ? new ServerAuthHandler(security.secret(), maxFrameBytes, budget)
                    : new ClientAuthHandler(security.secret()));
        }
        pipeline.addLast("role", role.get());
    }
}
