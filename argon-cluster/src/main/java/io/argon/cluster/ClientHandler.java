package io.argon.cluster;

import io.argon.core.net.ClientRequestHandler;
import io.argon.core.protocol.Message;
import io.argon.core.protocol.Register;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;

/**
 * Serves a connection to the manager as a client's, until it says {@code register}: then the
 * peer is a node, and the connection is handed to a {@link NodeLinkHandler} for good (Netty's
 * port unification).
 */
@ChannelHandler.Sharable
final class ClientHandler extends ClientRequestHandler {
    private final ManagerDispatcher dispatcher;

    ClientHandler(ManagerDispatcher dispatcher) {
        super("manager", dispatcher);
        this.dispatcher = dispatcher;
    }

    @Override
    protected boolean otherMessage(ChannelHandlerContext ctx, Message message) {
        if (!(message instanceof Register registration)) {
            return false;
        }
        NodeLinkHandler link = new NodeLinkHandler(dispatcher);
        ctx.pipeline().replace(this, "node", link);
        link.registered(registration, ctx.channel());
        return true;
    }
}
