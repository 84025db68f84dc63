package io.argon.node;

import io.argon.core.daemon.ClientRequestHandler;
import io.argon.protocol.Control;
import io.argon.protocol.Done;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Message;
import io.argon.protocol.RawJson;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a connection from a client, or from a manager on a managed node's link: the client
 * protocol, and an operator's {@code control} requests (reload, drain, undrain). A client that
 * connects straight to a managed node is told in the log that it bypasses the manager.
 */
@ChannelHandler.Sharable
final class ClientHandler extends ClientRequestHandler {
    private static final Logger log = LoggerFactory.getLogger(ClientHandler.class);

    private final boolean managed;
    private final Function<Control.Action, CompletableFuture<RawJson>> controls;

    /**
     * @param managed  whether the node serves a manager
     * @param controls carries out a control request; completes with what {@code done} reports
     */
    ClientHandler(NodeDispatcher dispatcher, boolean managed, Function<Control.Action, CompletableFuture<RawJson>> controls) {
        super("node", dispatcher);
        this.managed = managed;
        this.controls = controls;
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
    protected boolean otherMessage(ChannelHandlerContext ctx, Message message) {
        if (!(message instanceof Control control)) {
            return false;
        }
        log.info("{} asks the node to {}", ctx.channel().remoteAddress(), control.action().wireName());
        controls.apply(control.action()).whenComplete((report, error) -> {
            Message answer = error == null ? new Done(control.id(), report)
                    : Failure.of(control.id(), ErrorKind.CONTROL_FAILED, reason(error));
            if (error != null) {
                log.error("{} failed: {}", control.action().wireName(), reason(error));
            }
            ctx.writeAndFlush(answer, ctx.voidPromise());
        });
        return true;
    }

    private static String reason(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
