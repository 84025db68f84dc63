package io.argon.core.daemon;

import io.argon.core.Futures;
import io.argon.core.codec.ProtocolErrors;
import io.argon.core.daemon.ControlService.ControlRefusedException;
import io.argon.protocol.Cancel;
import io.argon.protocol.Control;
import io.argon.protocol.Done;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Message;
import io.argon.protocol.Messages;
import io.argon.protocol.Ping;
import io.argon.protocol.Pong;
import io.argon.protocol.Status;
import io.argon.protocol.StatusReport;
import io.argon.protocol.Submit;
import io.argon.protocol.Tasks;
import io.argon.protocol.TasksReport;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the client protocol, which a node and a manager speak alike: tasks, cancels and the
 * end of the connection go to the daemon's {@link ClientService}, an operator's control
 * requests and searches of its task history to its {@link ControlService}, pings and status
 * requests are answered at once, and
 * anything else is refused under its id. A daemon that accepts more on a client connection (a
 * manager: a node's registration) says so in {@link #otherMessage}. Holds no state, so one
 * instance serves every connection.
 */
@ChannelHandler.Sharable
public class ClientRequestHandler extends SimpleChannelInboundHandler<Message> {
    private static final Logger log = LoggerFactory.getLogger(ClientRequestHandler.class);

    private final String daemon;
    private final ClientService service;
    private final ControlService controls;

    /** @param daemon what the daemon is called in log lines and error messages ("node", "manager") */
    public ClientRequestHandler(String daemon, ClientService service, ControlService controls) {
        this.daemon = daemon;
        this.service = service;
        this.controls = controls;
    }

    @Override
    protected final void channelRead0(ChannelHandlerContext ctx, Message message) {
        if (message instanceof Submit request) {
            taskArrived(ctx);
            service.submit(new Submission(request, ctx.channel(), service.stats()));
        } else if (message instanceof Cancel cancel) {
            service.cancel(ctx.channel(), cancel);
        } else if (message instanceof Ping ping) {
            ctx.writeAndFlush(new Pong(ping.id()), ctx.voidPromise());
        } else if (message instanceof Status request) {
            ctx.writeAndFlush(new StatusReport(request.id(), service.status()), ctx.voidPromise());
        } else if (message instanceof Control control) {
            control(ctx, control);
        } else if (message instanceof Tasks query) {
            controls.tasks(query).whenComplete((report, error) -> ctx.writeAndFlush(error == null
                    ? new TasksReport(query.id(), report)
                    : Failure.of(query.id(), Futures.unwrap(error) instanceof ControlRefusedException ? ErrorKind.BAD_REQUEST
                            : ErrorKind.INTERNAL, Futures.reason(Futures.unwrap(error))), ctx.voidPromise()));
        } else if (!otherMessage(ctx, message)) {
            ctx.writeAndFlush(Failure.of(message.id(), ErrorKind.UNKNOWN_MESSAGE,
                    "a " + daemon + " does not accept '" + Messages.typeOf(message) + "' messages from clients"), ctx.voidPromise());
        }
    }

    /** Carries out an operator's request and answers {@code done} with its report, or the error it met. */
    private void control(ChannelHandlerContext ctx, Control control) {
        String action = control.action().wireName();
        log.info("{} asks the {} to {}", ctx.channel().remoteAddress(), daemon, action);
        controls.control(control).whenComplete((report, error) -> {
            if (error == null) {
                ctx.writeAndFlush(new Done(control.id(), report), ctx.voidPromise());
                return;
            }
            Throwable cause = Futures.unwrap(error);
            ErrorKind kind = cause instanceof ControlRefusedException ? ErrorKind.BAD_REQUEST : ErrorKind.CONTROL_FAILED;
            if (kind == ErrorKind.CONTROL_FAILED) {
                log.error("{} failed: {}", action, Futures.reason(cause));
            }
            ctx.writeAndFlush(Failure.of(control.id(), kind, Futures.reason(cause)), ctx.voidPromise());
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        service.disconnected(ctx.channel());
        ctx.fireChannelInactive();
    }

    /** A task came on this connection (before it goes to the service); by default, nothing more. */
    protected void taskArrived(ChannelHandlerContext ctx) {
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
