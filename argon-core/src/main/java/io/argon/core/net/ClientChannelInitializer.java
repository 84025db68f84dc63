package io.argon.core.net;

import io.argon.core.HostPort;
import io.argon.core.codec.MessageCodec;
import io.argon.core.security.ClientAuthHandler;
import io.argon.core.security.LinkSecurity;
import io.argon.core.security.TlsHandshakeGate;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.util.function.Supplier;

/**
 * The pipeline of a connection that dials a daemon (a client's, or a node's to its manager):
 * TLS if the link has it, checked against {@code peer}'s name, framing and the message codec,
 * flush batching, the shared-secret handshake if the link has a secret, then the handler of
 * the role the connection plays, which hears that the connection is active only once TLS and
 * the handshake are done.
 */
public final class ClientChannelInitializer extends ChannelInitializer<Channel> {
    private final int maxFrameBytes;
    private final LinkSecurity security;
    private final HostPort peer;
    private final ChannelGroup connections;
    private final Supplier<? extends ChannelHandler> role;

    /** @param connections where the connection is added (a daemon's, so it closes with the daemon), or null */
    public ClientChannelInitializer(int maxFrameBytes, LinkSecurity security, HostPort peer, ChannelGroup connections,
            Supplier<? extends ChannelHandler> role) {
        this.maxFrameBytes = maxFrameBytes;
        this.security = security;
        this.peer = peer;
        this.connections = connections;
        this.role = role;
    }

    @Override
    protected void initChannel(Channel channel) {
        if (connections != null) {
            connections.add(channel);
        }
        ChannelPipeline pipeline = channel.pipeline();
        if (security.tls() != null) {
            pipeline.addLast("tls", security.tls().newHandler(channel.alloc(), peer.host(), peer.port()));
            pipeline.addLast("tls-gate", new TlsHandshakeGate());
        }
        MessageCodec.install(pipeline, maxFrameBytes, maxFrameBytes, null);
        pipeline.addLast("flush", new FlushConsolidationHandler(ServerChannelInitializer.FLUSH_BATCH, true));
        if (security.secret() != null) {
            pipeline.addLast("auth", new ClientAuthHandler(security.secret()));
        }
        pipeline.addLast("role", role.get());
    }
}
