package io.argon.node;

import io.argon.protocol.Failure;
import io.argon.protocol.Hello;
import io.argon.protocol.Message;
import io.argon.protocol.Result;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's end of one worker's link: the first message names the worker, then come
 * answers. One per link, since it remembers which worker the link belongs to.
 */
final class WorkerLinkHandler extends SimpleChannelInboundHandler<Message> {
    private static final Logger log = LoggerFactory.getLogger(WorkerLinkHandler.class);

    private final WorkerPool pool;
    private Worker worker;

    WorkerLinkHandler(WorkerPool pool) {
        this.pool = pool;
    }

    /** The worker the link belongs to, once it has said hello. */
    Worker worker() {
        return worker;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message message) {
        if (worker == null) {
            if (message instanceof Hello hello) {
                worker = pool.linked(hello, ctx.channel());
            } else {
                log.warn("worker link sent {} before hello; closing it", message.getClass().getSimpleName());
                ctx.close();
            }
        } else if (message instanceof Result || message instanceof Failure) {
            pool.answered(worker, message);
        } else {
            log.warn("{} sent an unexpected {}; ignored", worker, message.getClass().getSimpleName());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (worker != null) {
            pool.unlinked(worker);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.error("link to {} failed; closing it", worker != null ? worker : "an unidentified worker", cause);
        ctx.close();
    }
}
