package io.argon.core.codec;

import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the byte stream into frames: a 4-byte big-endian length, then that many bytes. A
 * length above the limit is refused as soon as it is read, before any payload is buffered. A
 * peer that stops in the middle of a frame for {@link #STALL} is disconnected, and on a daemon
 * the memory that unfinished frames hold across all connections is capped ({@link FrameBudget}):
 * the connection whose frame would go past the cap is told so and closed. One per connection.
 */
final class FrameDecoder extends LengthFieldBasedFrameDecoder {
    /** How long a frame may stay half-received with no further byte. */
    static final Duration STALL = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(FrameDecoder.class);

    private final FrameBudget budget;
    private ScheduledFuture<?> stall;
    /** What this connection's unfinished frame is counted as in the budget. */
    private long charged;

    /**
     * @param maxFrameBytes the largest payload, not counting the length field
     * @param budget        the daemon's cap on unfinished frames, or null (a client's own link)
     */
    FrameDecoder(int maxFrameBytes, FrameBudget budget) {
        super(maxFrameBytes + 4, 0, 4, 0, 4, true);
        this.budget = budget;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        super.channelRead(ctx, msg);
        cancelStall();
        if (budget != null && ctx.channel().isOpen()) {
            long holding = internalBuffer().isReadable() ? internalBuffer().capacity() : 0;
            if (!budget.resize(charged, holding)) {
                long refused = budget.refusedSinceLastLog();
                if (refused > 0) {
                    log.warn("closing connections whose unfinished frames go past the {} MiB all of them may hold "
                            + "({} since the last such line; the latest from {})", budget.limit() >> 20, refused,
                            ctx.channel().remoteAddress());
                }
                ctx.writeAndFlush(MessageEncoder.frame(ctx.alloc(), Failure.of(null, ErrorKind.FRAME_TOO_LARGE,
                        "the daemon holds as much of unfinished frames as it will; closing (send it again later)")))
                        .addListener(ChannelFutureListener.CLOSE);
                internalBuffer().skipBytes(internalBuffer().readableBytes());
                return;
            }
            charged = holding;
        }
        if (ctx.channel().isOpen() && internalBuffer().isReadable()) {
            stall = ctx.executor().schedule(() -> {
                log.warn("{} sent part of a frame and nothing more for {} s; closing", ctx.channel().remoteAddress(), STALL.toSeconds());
                ctx.close();
            }, STALL.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        cancelStall();
        release();
        super.handlerRemoved0(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelStall();
        release();
        super.channelInactive(ctx);
    }

    private void release() {
        if (budget != null && charged > 0) {
            budget.resize(charged, 0);
            charged = 0;
        }
    }

    private void cancelStall() {
        if (stall != null) {
            stall.cancel(false);
            stall = null;
        }
    }
}
