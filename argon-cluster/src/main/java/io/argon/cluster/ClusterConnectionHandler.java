package io.argon.cluster;

import io.argon.core.net.ProtocolErrors;
import io.argon.core.protocol.ErrorKind;
import io.argon.core.protocol.Failure;
import io.argon.core.protocol.Message;
import io.argon.core.protocol.Messages;
import io.argon.core.protocol.Ping;
import io.argon.core.protocol.Pong;
import io.argon.core.protocol.Register;
import io.argon.core.protocol.Rejected;
import io.argon.core.protocol.Result;
import io.argon.core.protocol.Submit;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one connection to the manager. A connection is a client's until it sends
 * {@code register}; from then on it is a node's, and its replies settle the tasks the manager
 * routed to it.
 */
@ChannelHandler.Sharable
final class ClusterConnectionHandler extends SimpleChannelInboundHandler<Message> {
    private static final Logger log = LoggerFactory.getLogger(ClusterConnectionHandler.class);

    private final Cluster cluster;

    ClusterConnectionHandler(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message message) {
        if (message instanceof Submit submit) {
            cluster.submit(submit, ctx.channel());
        } else if (message instanceof Ping ping) {
            ctx.writeAndFlush(new Pong(ping.id()), ctx.voidPromise());
        } else if (message instanceof Register register) {
            cluster.register(register, ctx.channel());
        } else if (!(isAnswer(message) && cluster.nodeReplied(message, ctx.channel()))) {
            ctx.writeAndFlush(Failure.of(message.id(), ErrorKind.UNKNOWN_MESSAGE,
                    "a manager does not accept '" + Messages.typeOf(message) + "' messages here"), ctx.voidPromise());
        }
    }

    private static boolean isAnswer(Message message) {
        return message instanceof Result || message instanceof Failure || message instanceof Rejected || message instanceof Pong;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cluster.connectionClosed(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ProtocolErrors.handle(ctx, cause, log);
    }
}
