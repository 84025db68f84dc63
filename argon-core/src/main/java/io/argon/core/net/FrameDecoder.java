package io.argon.core.net;

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
 * peer that stops in the middle of a frame for {@link #STALL} is disconnected, so half-sent
 * frames cannot hold a daemon's memory. One per connection.
 */
final class FrameDecoder extends LengthFieldBasedFrameDecoder {
    /** How long a frame may stay half-received with no further byte. */
    static final Duration STALL = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(FrameDecoder.class);

    private ScheduledFuture<?> stall;

    /** @param maxFrameBytes the largest payload, not counting the length field */
    FrameDecoder(int maxFrameBytes) {
        super(maxFrameBytes + 4, 0, 4, 0, 4, true);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        super.channelRead(ctx, msg);
        cancelStall();
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
        super.handlerRemoved0(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelStall();
        super.channelInactive(ctx);
    }

    private void cancelStall() {
        if (stall != null) {
            stall.cancel(false);
            stall = null;
        }
    }
}
