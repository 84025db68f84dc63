package io.argon.cluster;

import io.argon.core.net.PendingTask;
import io.argon.core.net.ProtocolErrors;
import io.argon.core.protocol.ErrorKind;
import io.argon.core.protocol.Failure;
import io.argon.core.protocol.Message;
import io.argon.core.protocol.Messages;
import io.argon.core.protocol.Ping;
import io.argon.core.protocol.Pong;
import io.argon.core.protocol.Register;
import io.argon.core.protocol.Status;
import io.argon.core.protocol.StatusReport;
import io.argon.core.protocol.Submit;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a connection to the manager as a client's, until it says {@code register}: then the
 * peer is a node, and the connection is handed to a {@link NodeLinkHandler} for good (Netty's
 * port unification). Holds no state, so one instance serves every client.
 */
@ChannelHandler.Sharable
final class ClientHandler extends SimpleChannelInboundHandler<Message> {
    private static final Logger log = LoggerFactory.getLogger(ClientHandler.class);

    private final ManagerDispatcher dispatcher;

    ClientHandler(ManagerDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message message) {
        if (message instanceof Submit submit) {
            dispatcher.submit(new PendingTask(submit, ctx.channel()));
        } else if (message instanceof Ping ping) {
            ctx.writeAndFlush(new Pong(ping.id()), ctx.voidPromise());
        } else if (message instanceof Status request) {
            ctx.writeAndFlush(new StatusReport(request.id(), dispatcher.statusReport()), ctx.voidPromise());
        } else if (message instanceof Register registration) {
            NodeLinkHandler link = new NodeLinkHandler(dispatcher);
            ctx.pipeline().replace(this, "node", link);
            link.registered(registration, ctx.channel());
        } else {
            ctx.writeAndFlush(Failure.of(message.id(), ErrorKind.UNKNOWN_MESSAGE,
                    "a manager does not accept '" + Messages.typeOf(message) + "' messages from clients"), ctx.voidPromise());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ProtocolErrors.handle(ctx, cause, log);
    }
}
