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
 * The manager's end of a registered node's connection. Whatever the node sends shows it is
 * alive; its registrations, pongs, leaving and drains go to the {@link NodeRegistry}, its answers
 * to an operator's requests to the {@link ControlRelay}, and its answers to tasks to the
 * {@link ManagerDispatcher}. One per connection, since it holds the node's record.
 */
final class NodeLinkHandler extends SimpleChannelInboundHandler<Message> {
    private static final Logger log = LoggerFactory.getLogger(NodeLinkHandler.class);

    private final NodeRegistry registry;
    private final ManagerDispatcher dispatcher;
    private final ControlRelay relay;
    private NodeTracker node;

    NodeLinkHandler(NodeRegistry registry, ManagerDispatcher dispatcher, ControlRelay relay) {
        this.registry = registry;
        this.dispatcher = dispatcher;
        this.relay = relay;
    }

    /** The node (re-)registered on this connection. */
    void registered(Register registration, Channel channel) {
        node = registry.register(registration, channel, node);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message message) {
        if (message instanceof Register registration) {
            registered(registration, ctx.channel());
            return;
        }
        if (node == null) {
            return; // its registration was refused; the link is closing
        }
        registry.heard(node, message);
        if (message instanceof Pong) {
            return; // the registry timed it
        }
        if (message instanceof Leaving leaving) {
            if (leaving.drain()) {
                registry.drained(node);
            } else {
                registry.leaving(node);
            }
        } else if (message instanceof Ping ping) {
            ctx.writeAndFlush(new Pong(ping.id()), ctx.voidPromise());
        } else if (relay.answered(node, message)) {
            log.debug("{} answered a request passed on to it", node);
        } else if (message instanceof Result || message instanceof Failure || message instanceof Rejected) {
            dispatcher.nodeReplied(node, message);
        } else if (message instanceof Done) {
            log.debug("{} answered a control request no longer awaited (id {})", node, message.id());
        } else {
            ctx.writeAndFlush(Failure.of(message.id(), ErrorKind.UNKNOWN_MESSAGE,
                    "a manager does not accept '" + Messages.typeOf(message) + "' messages from a node"), ctx.voidPromise());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        registry.linkClosed(node);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ProtocolErrors.handle(ctx, cause, log);
    }
}
