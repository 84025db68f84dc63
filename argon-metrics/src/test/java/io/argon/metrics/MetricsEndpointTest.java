package io.argon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.argon.core.daemon.Submission;
import io.argon.core.daemon.TaskStats;
import io.argon.core.net.TestLoop;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        answer("C", id, reply, waitedMillis, ranMillis);
    }

    /** A task of {@code taskClass} that started, ran, and has its answer. */
    private void answer(String taskClass, String id, io.argon.protocol.Message reply, long waitedMillis, long ranMillis) {
        submission(taskClass, id).answer(reply);
        stats.ran(taskClass, TimeUnit.MILLISECONDS.toNanos(waitedMillis), TimeUnit.MILLISECONDS.toNanos(ranMillis));
    }

    private Submission submission(String taskClass, String id) {
        return new Submission(new Submit(id, taskClass, RawJson.EMPTY_OBJECT, Priority.NORMAL, false), test.channel(), stats);
    }

    @Test
    void aScrapeHasEveryOutcomeAndTheHistogramsInPrometheusTextFormat() {
        answer("1", new Result("1", RawJson.NULL), 3, 40);
        answer("2", new Result("2", RawJson.NULL), 0, 7);
        answer("3", Failure.of("3", ErrorKind.TIMEOUT, "too late"), 1, 2000);

        FullHttpResponse response = request(HttpMethod.GET, "/metrics");
        assertThat(response.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        String body = response.content().toString(StandardCharsets.UTF_8);
        assertThat(body)
                .contains("argon_tasks_total{class=\"C\",outcome=\"result\"} 2.0")
                .contains("argon_tasks_total{class=\"C\",outcome=\"timeout\"} 1.0")
                .contains("argon_rejections_total 0.0")
                .contains("argon_task_duration_seconds_bucket{class=\"C\",le=\"0.05\"} 2")
                .contains("argon_task_duration_seconds_bucket{class=\"C\",le=\"2.5\"} 3")
                .contains("argon_task_duration_seconds_count{class=\"C\"} 3")
                .contains("argon_task_queue_wait_seconds_bucket{le=\"0.005\"} 3")
                .contains("jvm_memory_used_bytes");
        response.release();
    }

    @Test
    void aRejectionIsNotATaskOutcomeButARejectionOfItsOwn() {
        // As a client that retries sees it: one task, turned away three times, then run.
        for (int attempt = 0; attempt < 3; attempt++) {
            submission("C", "1").reject("queue full (64 tasks waiting)");
        }
        answer("1", new Result("1", RawJson.NULL), 0, 5);

        String body = endpoint.scrape();
        assertThat(body).contains("argon_rejections_total 3.0").doesNotContain("outcome=\"rejected\"");
        assertThat(sum(body, "argon_tasks_total")).as("one task, one outcome").isEqualTo(1.0);
        assertThat(stats.count(TaskStats.RESULT)).isEqualTo(1);
    }

    @Test
    void everyFamilyIsNamedAsPrometheusNamesThem() {
        answer("1", new Result("1", RawJson.NULL), 3, 40);
        Map<String, String> types = types(endpoint.scrape());

        assertThat(types).containsEntry("process_cpu_seconds_total", "counter").doesNotContainKey("process_cpu_time_ns_total");
        types.forEach((name, type) -> {
            assertThat(name.endsWith("_total")).as(name + " is a " + type + ": only a counter ends in _total")
                    .isEqualTo(type.equals("counter"));
            assertThat(name).as("a base unit (seconds, bytes)")
                    .doesNotContainPattern("_(ns|nanoseconds|us|microseconds|ms|milliseconds|minutes|hours|kilobytes|megabytes)(_|$)");
            if (name.endsWith("_max")) {
                assertThat(types.get(name.substring(0, name.length() - "_max".length())))
                        .as(name + " beside a histogram or summary of the same name").isNull();
            }
        });
    }

    @Test
    void eachTaskClassHasItsOwnLabelUpToTheBoundThenTheRestShareOther() {
        int bound = TaskMeters.CLASS_LABELS;
        for (int i = 0; i < bound + 5; i++) {
            answer("io.example.Task" + i, String.valueOf(i), new Result(String.valueOf(i), RawJson.NULL), 0, 1);
        }
        answer("io.example.Task0", "again", Failure.of("again", ErrorKind.TASK_FAILED, "boom"), 0, 1);

        String body = endpoint.scrape();
        Set<String> labelled = labelValues(body, "argon_task_duration_seconds_count", "class");
        assertThat(labelled).hasSize(bound + 1).contains("io.example.Task0", "io.example.Task" + (bound - 1), "other")
                .doesNotContain("io.example.Task" + bound);
        assertThat(body)
                .contains("argon_tasks_total{class=\"io.example.Task0\",outcome=\"result\"} 1.0")
                .contains("argon_tasks_total{class=\"io.example.Task0\",outcome=\"task_failed\"} 1.0")
                .contains("argon_tasks_total{class=\"other\",outcome=\"result\"} 5.0")
                .contains("argon_task_duration_seconds_count{class=\"other\"} 5");
    }

    @Test
    void aNameNoWorkerCouldLoadGetsNoLabelOfItsOwnButAClassWhoseTasksFailDoes() {
        submission("io.example.Typo", "1").fail(ErrorKind.CLASS_NOT_FOUND, "no class io.example.Typo");
        submission("io.example.Typo", "2").fail(ErrorKind.NO_WORKERS, "no worker could start");
        submission("io.example.Crash", "3").fail(ErrorKind.WORKER_DIED, "worker 1 [pid 7] died while running the task");

        assertThat(endpoint.scrape()).doesNotContain("io.example.Typo")
                .contains("argon_tasks_total{class=\"other\",outcome=\"class_not_found\"} 1.0")
                .contains("argon_tasks_total{class=\"other\",outcome=\"no_workers\"} 1.0")
                .contains("argon_tasks_total{class=\"io.example.Crash\",outcome=\"worker_died\"} 1.0");
    }

    /** Each family's name and type, from its {@code # TYPE} line. */
    private static Map<String, String> types(String body) {
        Map<String, String> types = new TreeMap<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] words = line.split(" ");
                types.put(words[2], words[3]);
            }
        }
        return types;
    }

    /** The sum of every row of {@code name}, whatever its labels. */
    private static double sum(String body, String name) {
        double sum = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** The values the rows of {@code name} have for {@code label}. */
    private static Set<String> labelValues(String body, String name, String label) {
        Set<String> values = new TreeSet<>();
        Matcher value = Pattern.compile("^" + Pattern.quote(name) + "\\{.*\\b" + label + "=\"([^\"]*)\"", Pattern.MULTILINE).matcher(body);
        while (value.find()) {
            values.add(value.group(1));
        }
        return values;
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
