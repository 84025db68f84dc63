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
    /**
     * The one timer that looks for a stalled frame, re-armed from where it fires rather than at
     * every read: a busy connection that often stops a read mid-frame would otherwise schedule
     * and cancel a timer for each read.
     */
    private ScheduledFuture<?> stall;
    /** When the last bytes came, on the loop's ticker. */
    private long lastReadNanos;
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
        lastReadNanos = ctx.executor().ticker().nanoTime();
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
        if (stall == null && ctx.channel().isOpen() && internalBuffer().isReadable()) {
            stall = ctx.executor().schedule(() -> lookForStall(ctx), STALL.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Closes the connection if a frame has been half-received with no byte for {@link #STALL}, else looks again later. */
    private void lookForStall(ChannelHandlerContext ctx) {
        stall = null;
        if (!ctx.channel().isOpen() || !internalBuffer().isReadable()) {
            return;
        }
        long quiet = ctx.executor().ticker().nanoTime() - lastReadNanos;
        if (quiet >= STALL.toNanos()) {
            log.warn("{} sent part of a frame and nothing more for {} s; closing", ctx.channel().remoteAddress(), STALL.toSeconds());
            ctx.close();
        } else {
            stall = ctx.executor().schedule(() -> lookForStall(ctx), STALL.toNanos() - quiet, TimeUnit.NANOSECONDS);
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
