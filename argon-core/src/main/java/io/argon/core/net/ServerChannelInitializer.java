package io.argon.core.net;

import io.argon.core.codec.FrameBudget;
import io.argon.core.codec.MessageCodec;
import io.argon.core.security.LinkSecurity;
import io.argon.core.security.ServerAuthHandler;
import io.argon.core.security.TlsDetector;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.util.function.Supplier;

/**
 * The pipeline of a connection a daemon accepts (from a client, a node, or one of its own
 * workers): the connection limit, TLS if the port has it (found from the peer's first bytes),
 * framing and the message codec, flush batching, the shared-secret handshake if the port has a
 * secret, then the handler of the role the connection plays. The role's handler hears that the
 * connection is active only once TLS and the handshake are done. Until the peer has proven the
 * secret, it may send only frames as small as the handshake needs.
 */
public final class ServerChannelInitializer extends ChannelInitializer<Channel> {
    /**
     * Writes are flushed once per event-loop iteration, or after this many: a daemon answering
     * a burst of tasks makes one system call for many answers.
     */
    static final int FLUSH_BATCH = 256;
    /** What a peer may send before it has proven the secret: the handshake needs a few hundred bytes. */
    static final int UNAUTHENTICATED_MAX_FRAME_BYTES = 4096;

    private final int maxFrameBytes;
    private final LinkSecurity security;
    private final ChannelGroup connections;
    private final ConnectionLimit limit;
    private final FrameBudget budget;
    private final Supplier<? extends ChannelHandler> role;

    /**
     * @param connections where each new connection is added, so the daemon can close them all
     * @param limit       how many may be open at once, or null for no limit
     * @param budget      the cap on what unfinished frames hold across connections, or null
     * @param role        the last handler; called once per connection, so it may return a new
     *                    handler with state, or the same {@code @Sharable} one
     */
    public ServerChannelInitializer(int maxFrameBytes, LinkSecurity security, ChannelGroup connections, ConnectionLimit limit,
            FrameBudget budget, Supplier<? extends ChannelHandler> role) {
        this.maxFrameBytes = maxFrameBytes;
        this.security = security;
        this.connections = connections;
        this.limit = limit;
        this.budget = budget;
        this.role = role;
    }

    @Override
    protected void initChannel(Channel channel) {
        if (limit != null && !limit.admit(channel)) {
            channel.close();
            return;
        }
        connections.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        if (security.tls() != null) {
            pipeline.addLast("tls-detect", new TlsDetector(security.tls()));
        }
        boolean withSecret = security.secret() != null;
        MessageCodec.install(pipeline, withSecret ? UNAUTHENTICATED_MAX_FRAME_BYTES : maxFrameBytes, maxFrameBytes, budget);
        pipeline.addLast("flush", new FlushConsolidationHandler(FLUSH_BATCH, true));
        if (withSecret) {
            pipeline.addLast("auth", new ServerAuthHandler(security.secret(), maxFrameBytes, budget));
        }
        pipeline.addLast("role", role.get());
    }
}
