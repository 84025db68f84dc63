package io.argon.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.protocol.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** The responses the HTTP port writes, each with the headers that keep a browser safe. */
final class HttpReplies {
    static final String JSON = "application/json; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";
    /** Scripts, styles and everything else from this port only; no framing by another site. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private HttpReplies() {
    }

    static FullHttpResponse bytes(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpUtil.setContentLength(response, body.length);
        secure(response.headers());
        return response;
    }

    static FullHttpResponse text(HttpResponseStatus status, String message) {
        return bytes(status, TEXT, message.getBytes(StandardCharsets.UTF_8));
    }

    static FullHttpResponse json(HttpResponseStatus status, ObjectNode body) {
        return bytes(status, JSON, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** {@code {"error": {"kind": ..., "message": ...}}}, as the protocol words its errors. */
    static FullHttpResponse error(HttpResponseStatus status, String kind, String message) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("error").put("kind", kind).put("message", message);
        return json(status, body);
    }

    static FullHttpResponse noContent() {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
        secure(response.headers());
        return response;
    }

    /** Headers every response carries: nothing is cached, sniffed, framed or referred. */
    static void secure(HttpHeaders headers) {
        headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set("X-Content-Type-Options", "nosniff")
                .set(HttpHeaderNames.X_FRAME_OPTIONS, "DENY")
                .set("Referrer-Policy", "no-referrer")
                .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
    }

    /** Sends the response, and closes the connection after it unless both sides keep it alive. */
    static void send(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        if (request.method().equals(HttpMethod.HEAD)) {
            response.content().clear();
        }
        send(ctx, HttpUtil.isKeepAlive(request), response);
    }

    /** Sends the response; keeps the connection open if the request asked to. */
    static void send(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
