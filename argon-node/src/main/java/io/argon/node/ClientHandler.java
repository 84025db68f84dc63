package io.argon.node;

import io.argon.core.net.ClientRequestHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a connection from a client, or from the manager on a managed node's link. A client
 * that connects straight to a managed node is told in the log that it bypasses the manager.
 */
@ChannelHandler.Sharable
final class ClientHandler extends ClientRequestHandler {
    private static final Logger log = LoggerFactory.getLogger(ClientHandler.class);

    private final boolean managed;

    /** @param managed whether the node serves a manager */
    ClientHandler(NodeDispatcher dispatcher, boolean managed) {
        super("node", dispatcher);
        this.managed = managed;
    }

    /** Called for connections accepted on the node's port, not for its own link to its manager. */
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (managed) {
            log.warn("client {} connected directly to this managed node; its tasks bypass the manager's routing",
                    ctx.channel().remoteAddress());
        }
        ctx.fireChannelActive();
    }
}
