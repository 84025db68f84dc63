package io.argon.node;

import io.argon.core.net.PendingTask;
import io.argon.core.net.ProtocolErrors;
import io.argon.core.protocol.ErrorKind;
import io.argon.core.protocol.Failure;
import io.argon.core.protocol.Message;
import io.argon.core.protocol.Messages;
import io.argon.core.protocol.Ping;
import io.argon.core.protocol.Pong;
import io.argon.core.protocol.RawJson;
import io.argon.core.protocol.Status;
import io.argon.core.protocol.StatusReport;
import io.argon.core.protocol.Submit;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves requests on a connection from a client, or from the manager on a managed node's
 * link. Holds no state of its own, so one instance serves every connection.
 */
@ChannelHandler.Sharable
final class ClientHandler extends SimpleChannelInboundHandler<Message> {
    private static final Logger log = LoggerFactory.getLogger(ClientHandler.class);

    private final NodeDispatcher dispatcher;
    private final Supplier<RawJson> status;
    private final boolean managed;

    /**
     * @param status  the node's status report, made on the event loop
     * @param managed whether the node serves a manager: its clients then bypass the manager's routing
     */
    ClientHandler(NodeDispatcher dispatcher, Supplier<RawJson> status, boolean managed) {
        this.dispatcher = dispatcher;
        this.status = status;
        this.managed = managed;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message message) {
        if (message instanceof Submit submit) {
            dispatcher.submit(new PendingTask(submit, ctx.channel()));
        } else if (message instanceof Ping ping) {
            ctx.writeAndFlush(new Pong(ping.id()), ctx.voidPromise());
        } else if (message instanceof Status request) {
            ctx.writeAndFlush(new StatusReport(request.id(), status.get()), ctx.voidPromise());
        } else {
            ctx.writeAndFlush(Failure.of(message.id(), ErrorKind.UNKNOWN_MESSAGE,
                    "a node does not accept '" + Messages.typeOf(message) + "' messages from clients"), ctx.voidPromise());
        }
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

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ProtocolErrors.handle(ctx, cause, log);
    }
}
