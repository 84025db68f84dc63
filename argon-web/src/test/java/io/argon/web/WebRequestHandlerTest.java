package io.argon.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.core.daemon.ControlService;
import io.argon.core.security.Secret;
import io.argon.protocol.Control;
import io.argon.protocol.Json;
import io.argon.protocol.RawJson;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The HTTP port's rules, request by request, on an embedded channel with a fake daemon and clock. */
class WebRequestHandlerTest {
    private static final String PASSWORD = "correct horse battery staple";

    private final AtomicLong clock = new AtomicLong();
    private final List<Control> controls = new ArrayList<>();
    private String status = "{\"role\":\"node\",\"busy\":0,\"idle\":2,\"workers\":2,\"tasks\":{\"result\":3}}";
    private final List<FullHttpRequest> passedOn = new ArrayList<>();

    private EmbeddedChannel port(Secret password, boolean readOnlyPublic) {
        ControlService service = request -> {
            controls.add(request);
            return request.node() != null && request.node().equals("nowhere:1")
                    ? CompletableFuture.failedFuture(new ControlService.ControlRefusedException("no node nowhere:1 is registered"))
                    : CompletableFuture.completedFuture(RawJson.parse("{\"draining\":true}"));
        };
        DaemonView view = new DaemonView("node", () -> RawJson.parse(status), service, id -> id.equals("17") ? 2 : 0);
        WebRequestHandler handler = new WebRequestHandler(view, new Sessions(password, clock::get), readOnlyPublic, new StaticAssets());
        return new EmbeddedChannel(handler, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                passedOn.add((FullHttpRequest) msg);
            }
        });
    }

    private static FullHttpRequest request(HttpMethod method, String uri, String body, String... headers) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        request.headers().set(HttpHeaderNames.HOST, "127.0.0.1:9100");
        for (int i = 0; i < headers.length; i += 2) {
            request.headers().set(headers[i], headers[i + 1]);
        }
        return request;
    }

    private static FullHttpResponse ask(EmbeddedChannel channel, FullHttpRequest request) {
        channel.writeInbound(request);
        channel.runPendingTasks();
        FullHttpResponse response = channel.readOutbound();
        assertThat(response).as("an answer to %s %s", request.method(), request.uri()).isNotNull();
        return response;
    }

    private static FullHttpResponse get(EmbeddedChannel channel, String uri, String... headers) {
        return ask(channel, request(HttpMethod.GET, uri, "", headers));
    }

    private static String body(FullHttpResponse response) {
        try {
            return response.content().toString(StandardCharsets.UTF_8);
        } finally {
            ReferenceCountUtil.release(response);
        }
    }

    private static JsonNode json(FullHttpResponse response) throws Exception {
        return Json.MAPPER.readTree(body(response));
    }

    @Test
    void healthAndReadinessAnswerAsDocumented() {
        EmbeddedChannel channel = port(null, false);
        FullHttpResponse health = get(channel, "/healthz");
        assertThat(health.status().code()).isEqualTo(200);
        assertThat(body(health)).isEqualTo("ok\n");
        assertThat(body(get(channel, "/readyz"))).isEqualTo("ready\n");

        status = "{\"role\":\"node\",\"busy\":0,\"idle\":2,\"draining\":true}";
        FullHttpResponse draining = get(channel, "/readyz");
        assertThat(draining.status().code()).isEqualTo(503);
        assertThat(body(draining)).isEqualTo("not ready: draining: it takes no new tasks\n");

        status = "{\"role\":\"manager\",\"nodes\":[]}";
        FullHttpResponse noNodes = get(channel, "/readyz");
        assertThat(noNodes.status().code()).isEqualTo(503);
        assertThat(body(noNodes)).isEqualTo("not ready: no node is registered\n");
    }

    @Test
    void withoutALoginThePageIsServedButActionsNeedTheDaemonsToken() throws Exception {
        EmbeddedChannel channel = port(null, false);
        FullHttpResponse page = get(channel, "/");
        assertThat(page.status().code()).isEqualTo(200);
        assertThat(page.headers().get(HttpHeaderNames.CONTENT_SECURITY_POLICY)).contains("default-src 'self'");
        assertThat(body(page)).contains("<script src=\"/assets/app.js\"");

        JsonNode session = json(get(channel, "/api/session"));
        assertThat(session.get("login_required").asBoolean()).isFalse();
        assertThat(session.get("may_act").asBoolean()).isTrue();
        String csrf = session.get("csrf").asText();
        assertThat(csrf).hasSizeGreaterThan(40);

        FullHttpResponse forged = ask(channel, request(HttpMethod.POST, "/api/control", "{\"action\":\"drain\"}",
                "Content-Type", "text/plain"));
        assertThat(forged.status().code()).isEqualTo(403);
        assertThat(json(forged).at("/error/message").asText()).contains("X-CSRF-Token");
        assertThat(controls).isEmpty();

        FullHttpResponse drained = ask(channel, request(HttpMethod.POST, "/api/control", "{\"action\":\"drain\"}",
                WebRequestHandler.CSRF_HEADER, csrf));
        assertThat(drained.status().code()).isEqualTo(200);
        assertThat(json(drained).at("/report/draining").asBoolean()).isTrue();
        assertThat(controls).singleElement().satisfies(control -> {
            assertThat(control.action()).isEqualTo(Control.Action.DRAIN);
            assertThat(control.node()).isNull();
        });
    }

    @Test
    void withoutALoginARequestToAHostNameIsRefusedSoNoWebSiteReachesItByDnsRebinding() {
        EmbeddedChannel channel = port(null, false);
        FullHttpResponse refused = get(channel, "/api/status", "Host", "attacker.example:9100");
        assertThat(refused.status().code()).isEqualTo(421);
        assertThat(body(refused)).contains("only requests to an IP address or localhost");
        assertThat(get(channel, "/api/status", "Host", "localhost:9100").status().code()).isEqualTo(200);
        assertThat(get(channel, "/api/status", "Host", "[::1]:9100").status().code()).isEqualTo(200);
    }

    @Test
    void withAPasswordThePageAndEveryApiPathAnswer401UntilTheLogin() throws Exception {
        EmbeddedChannel channel = port(Secret.of(PASSWORD.getBytes(StandardCharsets.UTF_8)), false);
        FullHttpResponse page = get(channel, "/");
        assertThat(page.status().code()).isEqualTo(401);
        assertThat(body(page)).contains("/assets/login.js");
        for (String path : List.of("/api/status", "/api/events", "/api/control", "/api/logout", "/api/nothing")) {
            FullHttpResponse refused = get(channel, path);
            assertThat(refused.status().code()).as(path).isEqualTo(401);
            ReferenceCountUtil.release(refused);
        }
        assertThat(json(get(channel, "/api/session")).get("authenticated").asBoolean()).isFalse();

        FullHttpResponse wrong = ask(channel, request(HttpMethod.POST, "/api/login", "{\"password\":\"guess\"}"));
        assertThat(wrong.status().code()).isEqualTo(401);
        assertThat(wrong.headers().contains(HttpHeaderNames.SET_COOKIE)).isFalse();
        ReferenceCountUtil.release(wrong);

        FullHttpResponse right = ask(channel, request(HttpMethod.POST, "/api/login", "{\"password\":\"" + PASSWORD + "\"}"));
        assertThat(right.status().code()).isEqualTo(200);
        String setCookie = right.headers().get(HttpHeaderNames.SET_COOKIE);
        assertThat(setCookie).startsWith(WebRequestHandler.COOKIE_PREFIX).contains("HTTPOnly").contains("SameSite=Strict");
        String csrf = json(right).get("csrf").asText();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        assertThat(get(channel, "/api/status", "Cookie", cookie).status().code()).isEqualTo(200);
        assertThat(get(channel, "/", "Cookie", cookie).status().code()).isEqualTo(200);
        FullHttpResponse noToken = ask(channel, request(HttpMethod.POST, "/api/control", "{\"action\":\"undrain\"}", "Cookie", cookie));
        assertThat(noToken.status().code()).isEqualTo(403);
        FullHttpResponse otherToken = ask(channel, request(HttpMethod.POST, "/api/control", "{\"action\":\"undrain\"}",
                "Cookie", cookie, WebRequestHandler.CSRF_HEADER, csrf + "x"));
        assertThat(otherToken.status().code()).isEqualTo(403);
        FullHttpResponse done = ask(channel, request(HttpMethod.POST, "/api/control", "{\"action\":\"undrain\"}",
                "Cookie", cookie, WebRequestHandler.CSRF_HEADER, csrf));
        assertThat(done.status().code()).isEqualTo(200);
        assertThat(controls).extracting(Control::action).containsExactly(Control.Action.UNDRAIN);

        clock.addAndGet(Sessions.LIFETIME.toNanos());
        assertThat(get(channel, "/api/status", "Cookie", cookie).status().code()).as("after the session's lifetime").isEqualTo(401);
    }

    @Test
    void fiveWrongPasswordsInAMinuteAndTheAddressWaitsTheMinuteOut() {
        EmbeddedChannel channel = port(Secret.of(PASSWORD.getBytes(StandardCharsets.UTF_8)), false);
        for (int i = 0; i < Sessions.MAX_FAILURES; i++) {
            assertThat(ask(channel, request(HttpMethod.POST, "/api/login", "{\"password\":\"guess" + i + "\"}")).status().code())
                    .isEqualTo(401);
        }
        String right = "{\"password\":\"" + PASSWORD + "\"}";
        assertThat(ask(channel, request(HttpMethod.POST, "/api/login", right)).status().code()).isEqualTo(429);
        clock.addAndGet(Sessions.FAILURE_WINDOW.toNanos());
        assertThat(ask(channel, request(HttpMethod.POST, "/api/login", right)).status().code()).isEqualTo(200);
    }

    @Test
    void readOnlyPublicShowsThePageAndStatusButActionsStillNeedALogin() throws Exception {
        EmbeddedChannel channel = port(Secret.of(PASSWORD.getBytes(StandardCharsets.UTF_8)), true);
        assertThat(get(channel, "/").status().code()).isEqualTo(200);
        assertThat(json(get(channel, "/api/status")).get("role").asText()).isEqualTo("node");
        JsonNode session = json(get(channel, "/api/session"));
        assertThat(session.get("may_act").asBoolean()).isFalse();
        assertThat(session.get("csrf").isNull()).isTrue();
        assertThat(ask(channel, request(HttpMethod.POST, "/api/control", "{\"action\":\"drain\"}")).status().code()).isEqualTo(401);
        assertThat(controls).isEmpty();
    }

    @Test
    void aBadActionIsA400ThatSaysWhyAndARefusedOneSaysWhatTheDaemonSaid() throws Exception {
        EmbeddedChannel channel = port(null, false);
        String csrf = json(get(channel, "/api/session")).get("csrf").asText();
        FullHttpResponse unknown = ask(channel, request(HttpMethod.POST, "/api/control", "{\"action\":\"explode\"}",
                WebRequestHandler.CSRF_HEADER, csrf));
        assertThat(unknown.status().code()).isEqualTo(400);
        assertThat(json(unknown).at("/error/message").asText()).isEqualTo("unknown action 'explode' (expected reload, drain or undrain)");
        FullHttpResponse refused = ask(channel, request(HttpMethod.POST, "/api/control", "{\"action\":\"drain\",\"node\":\"nowhere:1\"}",
                WebRequestHandler.CSRF_HEADER, csrf));
        assertThat(refused.status().code()).isEqualTo(400);
        assertThat(json(refused).at("/error/message").asText()).isEqualTo("no node nowhere:1 is registered");
    }

    @Test
    void allNodesOfAManagerAreDrainedOneAfterTheOtherAsArgonDrainAllNodesDoes() throws Exception {
        status = "{\"role\":\"manager\",\"nodes\":[{\"address\":\"127.0.0.1:8001\"},{\"address\":\"127.0.0.1:8002\"}]}";
        EmbeddedChannel channel = port(null, false);
        String csrf = json(get(channel, "/api/session")).get("csrf").asText();
        FullHttpResponse drained = ask(channel, request(HttpMethod.POST, "/api/control", "{\"action\":\"drain\",\"all_nodes\":true}",
                WebRequestHandler.CSRF_HEADER, csrf));
        assertThat(drained.status().code()).isEqualTo(200);
        assertThat(json(drained).get("reports")).hasSize(2);
        assertThat(controls).extracting(Control::node).containsExactly("127.0.0.1:8001", "127.0.0.1:8002");

        status = "{\"role\":\"node\",\"busy\":0,\"idle\":1}";
        FullHttpResponse onANode = ask(channel, request(HttpMethod.POST, "/api/control", "{\"action\":\"drain\",\"all_nodes\":true}",
                WebRequestHandler.CSRF_HEADER, csrf));
        assertThat(onANode.status().code()).isEqualTo(400);
        assertThat(json(onANode).at("/error/message").asText()).isEqualTo("all_nodes is for a manager, and this is a node");
    }

    @Test
    void aCancelByIdSaysHowManyTasksItEndedAndNeedsTheTokenLikeEveryAction() throws Exception {
        EmbeddedChannel channel = port(null, false);
        String csrf = json(get(channel, "/api/session")).get("csrf").asText();
        assertThat(ask(channel, request(HttpMethod.POST, "/api/cancel", "{\"task\":\"17\"}")).status().code()).isEqualTo(403);
        FullHttpResponse cancelled = ask(channel, request(HttpMethod.POST, "/api/cancel", "{\"task\":\"17\"}",
                WebRequestHandler.CSRF_HEADER, csrf));
        assertThat(cancelled.status().code()).isEqualTo(200);
        assertThat(json(cancelled).get("cancelled").asInt()).isEqualTo(2);
        FullHttpResponse none = ask(channel, request(HttpMethod.POST, "/api/cancel", "{\"task\":\"18\"}",
                WebRequestHandler.CSRF_HEADER, csrf));
        assertThat(none.status().code()).isEqualTo(404);
        assertThat(json(none).at("/error/message").asText()).isEqualTo("no task 18 is queued or running here");
    }

    @Test
    void metricsGoOnToTheirOwnHandlerAndUnknownPathsAre404() {
        EmbeddedChannel channel = port(null, false);
        channel.writeInbound(request(HttpMethod.GET, "/metrics", ""));
        assertThat(passedOn).singleElement().satisfies(r -> assertThat(r.uri()).isEqualTo("/metrics"));
        passedOn.forEach(ReferenceCountUtil::release);
        assertThat(get(channel, "/secret.txt").status().code()).isEqualTo(404);
        assertThat(get(channel, "/assets/../pom.xml").status().code()).isEqualTo(404);
        assertThat(ask(channel, request(HttpMethod.DELETE, "/api/status", "")).status().code()).isEqualTo(405);
    }

    @Test
    void theEventStreamSendsTheReportAtOnceAndEverySecondAndIsBounded() {
        EmbeddedChannel channel = port(null, false);
        channel.writeInbound(request(HttpMethod.GET, "/api/events", ""));
        channel.runPendingTasks();
        HttpResponse head = channel.readOutbound();
        assertThat(head.headers().get(HttpHeaderNames.CONTENT_TYPE)).startsWith("text/event-stream");
        HttpContent first = channel.readOutbound();
        assertThat(first.content().toString(StandardCharsets.UTF_8)).startsWith("event: status\ndata: {\"role\":\"node\"").endsWith("}\n\n");
        first.release();
        status = "{\"role\":\"node\",\"busy\":2,\"idle\":0}";
        channel.advanceTimeBy(EventStream.PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        HttpContent second = channel.readOutbound();
        assertThat(second.content().toString(StandardCharsets.UTF_8)).contains("\"busy\":2");
        second.release();
        channel.close();
    }
}
