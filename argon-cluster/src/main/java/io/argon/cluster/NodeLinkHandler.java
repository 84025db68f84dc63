package io.argon.cluster;

import io.argon.core.codec.ProtocolErrors;
import io.argon.protocol.Done;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Leaving;
import io.argon.protocol.Message;
import io.argon.protocol.Messages;
import io.argon.protocol.Ping;
import io.argon.protocol.Pong;
import io.argon.protocol.Register;
import io.argon.protocol.Rejected;
import io.argon.protocol.Result;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's end of a registered node's connection: the node's answers settle the tasks
 * routed to it. One per connection, since it holds the node's record.
 */
final class NodeLinkHandler extends SimpleChannelInboundHandler<Message> {
    private static final Logger log = LoggerFactory.getLogger(NodeLinkHandler.class);

    private final ManagerDispatcher dispatcher;
    private NodeTracker node;

    NodeLinkHandler(ManagerDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** The node (re-)registered on this connection. */
    void registered(Register registration, Channel channel) {
        node = dispatcher.register(registration, channel, node);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message message) {
        if (message instanceof Result || message instanceof Failure || message instanceof Rejected || message instanceof Pong
                || message instanceof Done) {
            dispatcher.nodeReplied(node, message);
        } else if (message instanceof Register registration) {
            registered(registration, ctx.channel());
        } else if (message instanceof Leaving) {
            dispatcher.nodeLeaving(node);
        } else if (message instanceof Ping ping) {
            ctx.writeAndFlush(new Pong(ping.id()), ctx.voidPromise());
        } else {
            ctx.writeAndFlush(Failure.of(message.id(), ErrorKind.UNKNOWN_MESSAGE,
                    "a manager does not accept '" + Messages.typeOf(message) + "' messages from a node"), ctx.voidPromise());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        dispatcher.nodeLinkClosed(node);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ProtocolErrors.handle(ctx, cause, log);
    }
}
