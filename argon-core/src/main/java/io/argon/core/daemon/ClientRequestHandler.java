package io.argon.core.daemon;

import io.argon.core.codec.ProtocolErrors;
import io.argon.protocol.Cancel;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Message;
import io.argon.protocol.Messages;
import io.argon.protocol.Ping;
import io.argon.protocol.Pong;
import io.argon.protocol.Status;
import io.argon.protocol.StatusReport;
import io.argon.protocol.Submit;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the client protocol, which a node and a manager speak alike: tasks, cancels and the
 * end of the connection go to the daemon's {@link ClientService}, pings and status requests
 * are answered at once, and anything else is refused under its id. A daemon that accepts more
 * on a client connection (a manager: a node's registration) says so in {@link #otherMessage}.
 * Holds no state, so one instance serves every connection.
 */
@ChannelHandler.Sharable
public class ClientRequestHandler extends SimpleChannelInboundHandler<Message> {
    private static final Logger log = LoggerFactory.getLogger(ClientRequestHandler.class);

    private final String daemon;
    private final ClientService service;

    /** @param daemon what the daemon is called in an error message ("node", "manager") */
    public ClientRequestHandler(String daemon, ClientService service) {
        this.daemon = daemon;
        this.service = service;
    }

    @Override
    protected final void channelRead0(ChannelHandlerContext ctx, Message message) {
        if (message instanceof Submit request) {
            service.submit(new PendingTask(request, ctx.channel(), service.stats()));
        } else if (message instanceof Cancel cancel) {
            service.cancel(ctx.channel(), cancel);
        } else if (message instanceof Ping ping) {
            ctx.writeAndFlush(new Pong(ping.id()), ctx.voidPromise());
        } else if (message instanceof Status request) {
            ctx.writeAndFlush(new StatusReport(request.id(), service.status()), ctx.voidPromise());
        } else if (!otherMessage(ctx, message)) {
            ctx.writeAndFlush(Failure.of(message.id(), ErrorKind.UNKNOWN_MESSAGE,
                    "a " + daemon + " does not accept '" + Messages.typeOf(message) + "' messages from clients"), ctx.voidPromise());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        service.disconnected(ctx.channel());
        ctx.fireChannelInactive();
    }

    /** A message the client protocol does not cover; returns whether it was handled. */
    protected boolean otherMessage(ChannelHandlerContext ctx, Message message) {
        return false;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ProtocolErrors.handle(ctx, cause, log);
    }
}
