package io.argon.web;

import io.argon.protocol.RawJson;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code /api/events}: the status report as Server-Sent Events ({@code event: status}), at once
 * and then every {@value #PERIOD_MILLIS} ms, so the page updates itself. At most
 * {@value #MAX_STREAMS} streams are open at once, and a reader that does not keep up misses
 * reports rather than make the daemon hold them. Confined to the daemon's loop.
 */
final class EventStream {
    static final int MAX_STREAMS = 64;
    static final long PERIOD_MILLIS = 1000;

    private final Supplier<RawJson> status;
    private int open;

    EventStream(Supplier<RawJson> status) {
        this.status = status;
    }

    /** Turns the connection into a stream; false when {@value #MAX_STREAMS} are open already. */
    boolean open(ChannelHandlerContext ctx) {
        if (open >= MAX_STREAMS) {
            return false;
        }
        open++;
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        HttpUtil.setTransferEncodingChunked(response, true);
        HttpReplies.secure(response.headers());
        // The stream sends every second; its reader sends nothing, and that is not idleness.
        if (ctx.pipeline().get(WebChannelInitializer.IDLE) != null) {
            ctx.pipeline().remove(WebChannelInitializer.IDLE);
        }
        ctx.writeAndFlush(response);
        ScheduledFuture<?> ticks = ctx.executor().scheduleAtFixedRate(() -> send(ctx), 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        ctx.channel().closeFuture().addListener(closed -> {
            ticks.cancel(false);
            open--;
        });
        return true;
    }

    private void send(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive() || !ctx.channel().isWritable()) {
            return;
        }
        byte[] report = status.get().utf8(); // compact JSON: one line, as an event's data must be
        ByteBuf event = ctx.alloc().buffer(report.length + 24);
        event.writeCharSequence("event: status\ndata: ", StandardCharsets.UTF_8);
        event.writeBytes(report);
        event.writeCharSequence("\n\n", StandardCharsets.UTF_8);
        ctx.writeAndFlush(new DefaultHttpContent(event));
    }

    int open() {
        return open;
    }
}
