package io.argon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.argon.core.daemon.Submission;
import io.argon.core.daemon.TaskStats;
import io.argon.core.net.TestLoop;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.RawJson;
import io.argon.protocol.Result;
import io.argon.protocol.Submit;
import io.argon.task.Priority;
import io.micrometer.core.instrument.Gauge;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The endpoint over an embedded connection: what a scrape gets, and what anything else gets. */
class MetricsEndpointTest {
    private final TestLoop test = new TestLoop();
    private final MetricsEndpoint endpoint = new MetricsEndpoint();
    private final TaskStats stats = new TaskStats();
    private final EmbeddedChannel server = test.channel();

    MetricsEndpointTest() {
        TaskMeters.bind(endpoint.registry(), stats);
        endpoint.install(server.pipeline());
    }

    @AfterEach
    void close() {
        endpoint.close();
        test.close();
    }

    /** Sends a request as an HTTP client would write it, and reads the response back as one would. */
    private FullHttpResponse request(DefaultFullHttpRequest request) {
        EmbeddedChannel client = new EmbeddedChannel(new HttpClientCodec(), new HttpObjectAggregator(1 << 20));
        client.writeOutbound(request);
        for (ByteBuf bytes; (bytes = client.readOutbound()) != null; ) {
            server.writeInbound(bytes);
        }
        for (ByteBuf bytes; (bytes = server.readOutbound()) != null; ) {
            client.writeInbound(bytes);
        }
        return client.readInbound();
    }

    private FullHttpResponse request(HttpMethod method, String uri) {
        return request(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri));
    }

    private void answer(String id, io.argon.protocol.Message reply, long waitedMillis, long ranMillis) {
        Submission task = new Submission(new Submit(id, "C", RawJson.EMPTY_OBJECT, Priority.NORMAL, false), test.channel(), stats);
        task.answer(reply);
        stats.ran(TimeUnit.MILLISECONDS.toNanos(waitedMillis), TimeUnit.MILLISECONDS.toNanos(ranMillis));
    }

    @Test
    void aScrapeHasEveryOutcomeAndTheHistogramsInPrometheusTextFormat() {
        answer("1", new Result("1", RawJson.NULL), 3, 40);
        answer("2", new Result("2", RawJson.NULL), 0, 7);
        answer("3", io.argon.protocol.Failure.of("3", ErrorKind.TIMEOUT, "too late"), 1, 2000);

        FullHttpResponse response = request(HttpMethod.GET, "/metrics");
        assertThat(response.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        String body = response.content().toString(StandardCharsets.UTF_8);
        assertThat(body)
                .contains("argon_tasks_total{outcome=\"result\"} 2.0")
                .contains("argon_tasks_total{outcome=\"timeout\"} 1.0")
                .contains("argon_tasks_total{outcome=\"rejected\"} 0.0")
                .contains("argon_task_duration_seconds_bucket{le=\"0.05\"} 2")
                .contains("argon_task_duration_seconds_bucket{le=\"2.5\"} 3")
                .contains("argon_task_duration_seconds_count 3")
                .contains("argon_task_queue_wait_seconds_bucket{le=\"0.005\"} 3")
                .contains("jvm_memory_used_bytes");
        response.release();
    }

    @Test
    void rowsRefreshedBeforeEachScrapeShowWhatIsThereNow() {
        int[] nodes = {2};
        Gauge.builder("argon.nodes", () -> nodes[0]).register(endpoint.registry());
        endpoint.beforeScrape(() -> nodes[0]++);
        assertThat(endpoint.scrape()).contains("argon_nodes 3.0");
        assertThat(endpoint.scrape()).contains("argon_nodes 4.0");
    }

    @Test
    void anyOtherPathOrMethodIsRefusedAndSaysWhy() {
        FullHttpResponse notFound = request(HttpMethod.GET, "/");
        assertThat(notFound.status()).isEqualTo(HttpResponseStatus.NOT_FOUND);
        assertThat(notFound.content().toString(StandardCharsets.UTF_8)).contains("/metrics");
        notFound.release();

        FullHttpResponse post = request(HttpMethod.POST, "/metrics");
        assertThat(post.status()).isEqualTo(HttpResponseStatus.METHOD_NOT_ALLOWED);
        assertThat(post.headers().get(HttpHeaderNames.ALLOW)).isEqualTo("GET, HEAD");
        post.release();

        FullHttpResponse head = request(HttpMethod.HEAD, "/metrics?x=1");
        assertThat(head.status()).isEqualTo(HttpResponseStatus.OK);
        head.release();
        assertThat(server.isOpen()).as("kept alive for the next scrape").isTrue();
    }

    @Test
    void aRequestLargerThanAScrapeIsRefusedAndTheConnectionClosed() {
        DefaultFullHttpRequest huge = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/metrics");
        huge.headers().set("X-Padding", "x".repeat(MetricsEndpoint.MAX_REQUEST_BYTES + 1));
        FullHttpResponse response = request(huge);
        assertThat(response.status().code()).isIn(400, 413, 431);
        response.release();
        test.runPending();
        assertThat(server.isOpen()).isFalse();
    }
}
