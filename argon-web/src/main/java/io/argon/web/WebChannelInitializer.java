package io.argon.web;

import io.argon.metrics.MetricsEndpoint;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP port's side: TLS when the daemon has a certificate, HTTP/1.1 with bounded requests,
 * then {@link WebRequestHandler} for the page and its API, and {@code /metrics} passed on to
 * argon-metrics' own handler.
 */
final class WebChannelInitializer {
    static final String IDLE = "idle";
    /** The largest request: a login or an action is a small JSON object. */
    static final int MAX_REQUEST_BYTES = 8192;
    /** A connection that sends nothing for this long is closed, so idle browsers hold nothing. */
    static final int IDLE_SECONDS = 60;

    private final SslContext tls;
    private final WebRequestHandler requests;
    private final MetricsEndpoint metrics;

    WebChannelInitializer(SslContext tls, WebRequestHandler requests, MetricsEndpoint metrics) {
        this.tls = tls;
        this.requests = requests;
        this.metrics = metrics;
    }

    void initChannel(ChannelPipeline pipeline) {
        if (tls != null) {
            pipeline.addLast("tls", tls.newHandler(pipeline.channel().alloc()));
        }
        pipeline.addLast(IDLE, new ReadTimeoutHandler(IDLE_SECONDS, TimeUnit.SECONDS));
        pipeline.addLast("http", new HttpServerCodec(4096, MAX_REQUEST_BYTES, MAX_REQUEST_BYTES));
        pipeline.addLast("aggregate", new HttpObjectAggregator(MAX_REQUEST_BYTES));
        pipeline.addLast("web", requests);
        pipeline.addLast("metrics", metrics.handler());
    }
}
