package io.argon.node;

import io.argon.core.net.ClientRequestHandler;
import io.argon.core.protocol.RawJson;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import java.util.function.Supplier;
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

    /**
     * @param status  the node's status report, made on the event loop
     * @param managed whether the node serves a manager
     */
    ClientHandler(NodeDispatcher dispatcher, Supplier<RawJson> status, boolean managed) {
        super("node", dispatcher::submit, status);
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
