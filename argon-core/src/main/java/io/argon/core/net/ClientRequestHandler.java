package io.argon.core.net;

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
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the client protocol, which a node and a manager speak alike: tasks go to the
 * daemon's dispatcher, pings and status requests are answered at once, and anything else is
 * refused under its id. A daemon that accepts more on a client connection (a manager: a
 * node's registration) says so in {@link #otherMessage}. Holds no state, so one instance
 * serves every connection.
 */
@ChannelHandler.Sharable
public class ClientRequestHandler extends SimpleChannelInboundHandler<Message> {
    private static final Logger log = LoggerFactory.getLogger(ClientRequestHandler.class);

    private final String daemon;
    private final Consumer<PendingTask> submit;
    private final Supplier<RawJson> status;

    /**
     * @param daemon what the daemon is called in an error message ("node", "manager")
     * @param submit takes a task; on the event loop
     * @param status makes the status report; on the event loop
     */
    public ClientRequestHandler(String daemon, Consumer<PendingTask> submit, Supplier<RawJson> status) {
        this.daemon = daemon;
        this.submit = submit;
        this.status = status;
    }

    @Override
    protected final void channelRead0(ChannelHandlerContext ctx, Message message) {
        if (message instanceof Submit request) {
            submit.accept(new PendingTask(request, ctx.channel()));
        } else if (message instanceof Ping ping) {
            ctx.writeAndFlush(new Pong(ping.id()), ctx.voidPromise());
        } else if (message instanceof Status request) {
            ctx.writeAndFlush(new StatusReport(request.id(), status.get()), ctx.voidPromise());
        } else if (!otherMessage(ctx, message)) {
            ctx.writeAndFlush(Failure.of(message.id(), ErrorKind.UNKNOWN_MESSAGE,
                    "a " + daemon + " does not accept '" + Messages.typeOf(message) + "' messages from clients"), ctx.voidPromise());
        }
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
