package io.argon.core.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.util.function.Supplier;

/**
 * The pipeline of every Argon connection, whichever end accepted it: framing and the message
 * codec, flush batching, then the handler of the role the connection plays (client, node,
 * worker link, manager link).
 */
public final class ArgonChannelInitializer extends ChannelInitializer<Channel> {
    /**
     * Writes are flushed once per event-loop iteration, or after this many: a daemon answering
     * a burst of tasks makes one system call for many answers.
     */
    static final int FLUSH_BATCH = 256;

    private final int maxFrameBytes;
    private final ChannelGroup connections;
    private final Supplier<? extends ChannelHandler> role;

    /**
     * @param connections where each new connection is added so that a daemon can close them
     *                    all when it stops; null for a client's own connection
     * @param role        the last handler; called once per connection, so it may return a new
     *                    handler with state, or the same {@code @Sharable} one
     */
    public ArgonChannelInitializer(int maxFrameBytes, ChannelGroup connections, Supplier<? extends ChannelHandler> role) {
        this.maxFrameBytes = maxFrameBytes;
        this.connections = connections;
        this.role = role;
    }

    @Override
    protected void initChannel(Channel channel) {
        if (connections != null) {
            connections.add(channel);
        }
        MessageCodec.install(channel.pipeline(), maxFrameBytes);
        channel.pipeline().addLast("flush", new FlushConsolidationHandler(FLUSH_BATCH, true));
        channel.pipeline().addLast("role", role.get());
    }
}
