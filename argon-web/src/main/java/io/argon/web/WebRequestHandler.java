package io.argon.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.protocol.Json;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames.SameSite;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The page and its API: who may see and do what, then the route. Holds no state of a
 * connection's own (the sessions and streams are the port's, on the daemon's loop), so one
 * instance serves every connection. {@code /metrics} goes on to argon-metrics' handler.
 *
 * <p>Without a login (no secret, no password), only requests that name the port by an address
 * or {@code localhost} are served, so that a web site cannot reach it through a name of its own
 * (DNS rebinding); and every action must carry the daemon's CSRF token, which only a page
 * served here can read.
 */
@ChannelHandler.Sharable
final class WebRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String COOKIE_PREFIX = "argon_session_";

    /** What a request may do. */
    private enum Access { NONE, VIEW, ACT }

    private final DaemonView view;
    private final Sessions sessions;
    private final boolean readOnlyPublic;
    private final StaticAssets assets;
    private final EventStream events;
    private final ControlRequests controls;
    private final HistoryRequests history;

    WebRequestHandler(DaemonView view, Sessions sessions, boolean readOnlyPublic, StaticAssets assets) {
        super(false); // a request for /metrics goes on, and is released there
        this.view = view;
        this.sessions = sessions;
        this.readOnlyPublic = readOnlyPublic;
        this.assets = assets;
        this.events = new EventStream(view.status());
        this.controls = new ControlRequests(view);
        this.history = new HistoryRequests(view.controls());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        if (path.equals("/metrics") && request.decoderResult().isSuccess()) {
            ctx.fireChannelRead(request);
            return;
        }
        try {
            FullHttpResponse response = route(ctx, request, path);
            if (response != null) {
                HttpReplies.send(ctx, request, response);
            }
        } finally {
            request.release();
        }
    }

    /** The response to {@code request}, or null when the connection became an event stream. */
    private FullHttpResponse route(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        if (!request.decoderResult().isSuccess()) {
            return HttpReplies.text(HttpResponseStatus.BAD_REQUEST, "not an HTTP request this port can read\n");
        }
        boolean read = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
        boolean post = request.method().equals(HttpMethod.POST);
        if (!read && !post) {
            FullHttpResponse refused = HttpReplies.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET, HEAD and POST\n");
            refused.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD, POST");
            return refused;
        }
        if (!sessions.loginRequired() && !namesAnAddress(request.headers().get(HttpHeaderNames.HOST))) {
            return HttpReplies.text(HttpResponseStatus.MISDIRECTED_REQUEST, "this port has no login, so it answers only requests "
                    + "to an IP address or localhost, not to a name (Host: " + request.headers().get(HttpHeaderNames.HOST) + ")\n");
        }
        switch (path) {
            case "/healthz":
                return read ? HttpReplies.text(HttpResponseStatus.OK, "ok\n") : onlyGet();
            case "/readyz":
                return read ? ready() : onlyGet();
            default:
                break;
        }
        Sessions.Session session = sessions.find(sessionId(ctx, request));
        Access access = session != null || !sessions.loginRequired() ? Access.ACT : readOnlyPublic ? Access.VIEW : Access.NONE;
        if (path.equals("/") || path.equals("/index.html")) {
            if (!read) {
                return onlyGet();
            }
            return access == Access.NONE ? page(HttpResponseStatus.UNAUTHORIZED, "login.html") : page(HttpResponseStatus.OK, "index.html");
        }
        if (path.startsWith("/assets/")) {
            StaticAssets.Asset asset = assets.get(path.substring("/assets/".length()));
            return asset == null ? HttpReplies.text(HttpResponseStatus.NOT_FOUND, "no such file\n")
                    : read ? HttpReplies.bytes(HttpResponseStatus.OK, asset.contentType(), asset.bytes()) : onlyGet();
        }
        if (!path.startsWith("/api/")) {
            return HttpReplies.text(HttpResponseStatus.NOT_FOUND, "nothing at " + path + "; the dashboard is at /\n");
        }
        return api(ctx, request, path, read, session, access);
    }

    private FullHttpResponse api(ChannelHandlerContext ctx, FullHttpRequest request, String path, boolean read,
            Sessions.Session session, Access access) {
        if (path.equals("/api/session")) {
            return read ? sessionReport(session, access) : onlyGet();
        }
        if (path.equals("/api/login")) {
            return read ? onlyPost() : login(ctx, request);
        }
        if (access == Access.NONE) {
            return HttpReplies.error(HttpResponseStatus.UNAUTHORIZED, "unauthorized", "log in first: POST /api/login");
        }
        switch (path) {
            case "/api/status":
                return read ? HttpReplies.bytes(HttpResponseStatus.OK, HttpReplies.JSON, view.status().get().utf8()) : onlyGet();
            case "/api/events":
                if (!read) {
                    return onlyGet();
                }
                return events.open(ctx) ? null : HttpReplies.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy",
                        EventStream.MAX_STREAMS + " event streams are open; close a page, or poll /api/status");
            default:
                break;
        }
        if (path.equals(HistoryRequests.PATH) || path.startsWith(HistoryRequests.PATH + "/")) {
            if (!read) {
                return onlyGet();
            }
            history.answer(ctx, HttpUtil.isKeepAlive(request), request.uri());
            return null;
        }
        if (!path.equals("/api/logout") && !path.equals("/api/control") && !path.equals("/api/cancel")) {
            return HttpReplies.error(HttpResponseStatus.NOT_FOUND, "not_found", "no API at " + path + " (see docs/HTTP.md)");
        }
        if (read) {
            return onlyPost();
        }
        if (access != Access.ACT) {
            return HttpReplies.error(HttpResponseStatus.UNAUTHORIZED, "unauthorized", "actions need a login: POST /api/login");
        }
        if (!sessions.csrfMatches(session, request.headers().get(CSRF_HEADER))) {
            return HttpReplies.error(HttpResponseStatus.FORBIDDEN, "forbidden", "an action needs the " + CSRF_HEADER
                    + " header that GET /api/session gives");
        }
        if (path.equals("/api/logout")) {
            sessions.close(sessionId(ctx, request));
            FullHttpResponse done = HttpReplies.noContent();
            done.headers().add(HttpHeaderNames.SET_COOKIE, cookie(ctx, "", 0));
            return done;
        }
        if (path.equals("/api/cancel")) {
            return cancel(jsonBody(request));
        }
        controls.carryOut(ctx, HttpUtil.isKeepAlive(request), jsonBody(request));
        return null;
    }

    /** An operator's cancel of a task by its id: every task with that id that awaits its answer, whoever sent it. */
    private FullHttpResponse cancel(JsonNode body) {
        if (body == null || !body.path("task").isTextual() || body.get("task").asText().isBlank()) {
            return HttpReplies.error(HttpResponseStatus.BAD_REQUEST, "bad_request", "a cancel is a JSON object {\"task\": \"ID\"}");
        }
        String id = body.get("task").asText().trim();
        int cancelled = view.cancel().applyAsInt(id);
        if (cancelled == 0) {
            return HttpReplies.error(HttpResponseStatus.NOT_FOUND, "not_found", "no task " + id + " is queued or running here");
        }
        return HttpReplies.json(HttpResponseStatus.OK, Json.MAPPER.createObjectNode().put("task", id).put("cancelled", cancelled));
    }

    private FullHttpResponse ready() {
        String why = Readiness.notReady(view.status().get().toTree());
        return why == null ? HttpReplies.text(HttpResponseStatus.OK, "ready\n")
                : HttpReplies.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready: " + why + "\n");
    }

    private FullHttpResponse page(HttpResponseStatus status, String name) {
        return HttpReplies.bytes(status, "text/html; charset=utf-8", assets.get(name).bytes());
    }

    private FullHttpResponse sessionReport(Sessions.Session session, Access access) {
        ObjectNode report = Json.MAPPER.createObjectNode()
                .put("role", view.role())
                .put("login_required", sessions.loginRequired())
                .put("authenticated", session != null)
                .put("may_act", access == Access.ACT);
        report.put("csrf", access == Access.ACT ? sessions.csrfFor(session) : null);
        return HttpReplies.json(HttpResponseStatus.OK, report);
    }

    private FullHttpResponse login(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!sessions.loginRequired()) {
            return HttpReplies.error(HttpResponseStatus.BAD_REQUEST, "bad_request", "this port has no login: the daemon has no secret "
                    + "and no --http-password-file");
        }
        JsonNode body = jsonBody(request);
        if (body == null || !body.path("password").isTextual()) {
            return HttpReplies.error(HttpResponseStatus.BAD_REQUEST, "bad_request", "a login is a JSON object {\"password\": \"...\"}");
        }
        String address = ctx.channel().remoteAddress() instanceof InetSocketAddress remote
                ? remote.getAddress().getHostAddress() : String.valueOf(ctx.channel().remoteAddress());
        switch (sessions.check(address, body.get("password").asText())) {
            case THROTTLED:
                return HttpReplies.error(HttpResponseStatus.TOO_MANY_REQUESTS, "throttled", Sessions.MAX_FAILURES
                        + " wrong passwords in a minute from " + address + "; wait for the minute to end");
            case REFUSED:
                return HttpReplies.error(HttpResponseStatus.UNAUTHORIZED, "unauthorized", "wrong password");
            default:
                String id = sessions.open();
                ObjectNode answer = Json.MAPPER.createObjectNode().put("csrf", sessions.find(id).csrf());
                FullHttpResponse response = HttpReplies.json(HttpResponseStatus.OK, answer);
                response.headers().add(HttpHeaderNames.SET_COOKIE, cookie(ctx, id, Sessions.LIFETIME.toSeconds()));
                return response;
        }
    }

    static JsonNode jsonBody(FullHttpRequest request) {
        try {
            JsonNode body = Json.MAPPER.readTree(request.content().toString(StandardCharsets.UTF_8));
            return body != null && body.isObject() ? body : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String cookieName(ChannelHandlerContext ctx) {
        // One name per port: the browser keeps cookies by host, not port, and a node and a manager may share one.
        return COOKIE_PREFIX + (ctx.channel().localAddress() instanceof InetSocketAddress local ? local.getPort() : 0);
    }

    private static String sessionId(ChannelHandlerContext ctx, FullHttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.COOKIE);
        if (header == null) {
            return null;
        }
        String name = cookieName(ctx);
        for (Cookie cookie : ServerCookieDecoder.STRICT.decodeAll(header)) {
            if (cookie.name().equals(name)) {
                return cookie.value();
            }
        }
        return null;
    }

    private static String cookie(ChannelHandlerContext ctx, String value, long maxAgeSeconds) {
        DefaultCookie cookie = new DefaultCookie(cookieName(ctx), value);
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.Strict);
        cookie.setPath("/");
        cookie.setMaxAge(maxAgeSeconds);
        cookie.setSecure(ctx.pipeline().get(SslHandler.class) != null);
        return ServerCookieEncoder.STRICT.encode(cookie);
    }

    /** Whether a Host header names an IP address or localhost, not a name a web site could point here. */
    static boolean namesAnAddress(String host) {
        if (host == null) {
            return false;
        }
        String name = host;
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            return end > 0 && NetUtil.isValidIpV6Address(name.substring(1, end));
        }
        int colon = name.lastIndexOf(':');
        if (colon >= 0) {
            name = name.substring(0, colon);
        }
        return name.equalsIgnoreCase("localhost") || NetUtil.isValidIpV4Address(name);
    }

    private static FullHttpResponse onlyGet() {
        FullHttpResponse refused = HttpReplies.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET and HEAD here\n");
        refused.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        return refused;
    }

    private static FullHttpResponse onlyPost() {
        FullHttpResponse refused = HttpReplies.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "bad_request", "only POST here");
        refused.headers().set(HttpHeaderNames.ALLOW, "POST");
        return refused;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // an idle browser timed out, a TLS handshake failed, or the peer went away
    }
}
