package io.argon.cluster;

import io.argon.core.daemon.ClientRequestHandler;
import io.argon.core.daemon.ControlService;
import io.argon.protocol.Message;
import io.argon.protocol.Register;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Serves a connection to the manager's port as a client's (tasks, status, an operator's
 * control requests) until the peer says {@code register}: then it is a node, and the
 * connection is handed to a {@link NodeLinkHandler} for good (Netty's port unification). Holds
 * no state, so one instance serves every connection.
 */
@ChannelHandler.Sharable
final class ManagerRequestHandler extends ClientRequestHandler {
    private final Supplier<NodeLinkHandler> nodeLinks;
    private final Consumer<Channel> becameNode;

    /**
     * @param nodeLinks  makes the handler of a connection that turns out to be a node's
     * @param becameNode told of such a connection (it no longer counts as a client's)
     */
    ManagerRequestHandler(ManagerDispatcher dispatcher, ControlService controls, Supplier<NodeLinkHandler> nodeLinks,
            Consumer<Channel> becameNode) {
        super("manager", dispatcher, controls);
        this.nodeLinks = nodeLinks;
        this.becameNode = becameNode;
    }

    @Override
    protected boolean otherMessage(ChannelHandlerContext ctx, Message message) {
        if (!(message instanceof Register registration)) {
            return false;
        }
        NodeLinkHandler link = nodeLinks.get();
        ctx.pipeline().replace(this, "node", link);
        becameNode.accept(ctx.channel());
        link.registered(registration, ctx.channel());
        return true;
    }
}
