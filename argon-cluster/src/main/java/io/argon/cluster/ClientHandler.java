package io.argon.cluster;

import io.argon.core.daemon.ClientRequestHandler;
import io.argon.protocol.Control;
import io.argon.protocol.Done;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Message;
import io.argon.protocol.Register;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a connection to the manager as a client's (tasks, and an operator's reload), until it
 * says {@code register}: then the peer is a node, and the connection is handed to a
 * {@link NodeLinkHandler} for good (Netty's port unification).
 */
@ChannelHandler.Sharable
final class ClientHandler extends ClientRequestHandler {
    private static final Logger log = LoggerFactory.getLogger(ClientHandler.class);

    private final ManagerDispatcher dispatcher;

    ClientHandler(ManagerDispatcher dispatcher) {
        super("manager", dispatcher);
        this.dispatcher = dispatcher;
    }

    @Override
    protected boolean otherMessage(ChannelHandlerContext ctx, Message message) {
        if (message instanceof Control control) {
            control(ctx, control);
            return true;
        }
        if (!(message instanceof Register registration)) {
            return false;
        }
        NodeLinkHandler link = new NodeLinkHandler(dispatcher);
        ctx.pipeline().replace(this, "node", link);
        link.registered(registration, ctx.channel());
        return true;
    }

    /** A manager reloads by rolling its nodes; it does not drain (its nodes do). */
    private void control(ChannelHandlerContext ctx, Control control) {
        if (control.action() != Control.Action.RELOAD) {
            ctx.writeAndFlush(Failure.of(control.id(), ErrorKind.BAD_REQUEST, "a manager does not " + control.action().wireName()
                    + ": ask each node (argon " + control.action().wireName() + " -a NODE)"), ctx.voidPromise());
            return;
        }
        log.info("{} asks for a reload of every node", ctx.channel().remoteAddress());
        dispatcher.reloadNodes().whenComplete((report, error) -> {
            if (error == null) {
                ctx.writeAndFlush(new Done(control.id(), report), ctx.voidPromise());
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                log.error("reload failed: {}", cause.getMessage());
                ctx.writeAndFlush(Failure.of(control.id(), ErrorKind.CONTROL_FAILED, cause.getMessage()), ctx.voidPromise());
            }
        });
    }
}
