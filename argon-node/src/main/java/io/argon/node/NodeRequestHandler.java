package io.argon.node;

import io.argon.core.daemon.ClientRequestHandler;
import io.argon.core.daemon.ControlService;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a connection from a client, or from a manager on a managed node's link: the client
 * protocol, and an operator's {@code control} requests. A client that connects straight to a
 * managed node is told in the log that it bypasses the manager. Holds no state, so one
 * instance serves every connection.
 */
@ChannelHandler.Sharable
final class NodeRequestHandler extends ClientRequestHandler {
    private static final Logger log = LoggerFactory.getLogger(NodeRequestHandler.class);

    private final boolean managed;

    /** @param managed whether the node serves a manager */
    NodeRequestHandler(NodeDispatcher dispatcher, ControlService controls, boolean managed) {
        super("node", dispatcher, controls);
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
