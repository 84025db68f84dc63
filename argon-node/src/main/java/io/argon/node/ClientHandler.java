package io.argon.node;

import io.argon.core.net.ProtocolErrors;
import io.argon.core.protocol.ErrorKind;
import io.argon.core.protocol.Failure;
import io.argon.core.protocol.Message;
import io.argon.core.protocol.Messages;
import io.argon.core.protocol.Ping;
import io.argon.core.protocol.Pong;
import io.argon.core.protocol.Submit;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves requests on a connection from a client (or from a manager, in managed mode). */
@ChannelHandler.Sharable
final class ClientHandler extends SimpleChannelInboundHandler<Message> {
    private static final Logger log = LoggerFactory.getLogger(ClientHandler.class);

    private final Node node;

    ClientHandler(Node node) {
        this.node = node;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message message) {
        if (message instanceof Submit submit) {
            node.submit(new PendingTask(submit, ctx.channel()));
        } else if (message instanceof Ping ping) {
            ctx.writeAndFlush(new Pong(ping.id()), ctx.voidPromise());
        } else {
            ctx.writeAndFlush(Failure.of(message.id(), ErrorKind.UNKNOWN_MESSAGE,
                    "a node does not accept '" + Messages.typeOf(message) + "' messages from clients"), ctx.voidPromise());
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (node.bypassesManager(ctx.channel())) {
            log.warn("client {} connected directly to this managed node; its tasks bypass the manager's routing",
                    ctx.channel().remoteAddress());
        }
        ctx.fireChannelActive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ProtocolErrors.handle(ctx, cause, log);
    }
}
