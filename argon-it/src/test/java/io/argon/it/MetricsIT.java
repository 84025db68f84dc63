package io.argon.it;

import static io.argon.it.ManagerProcesses.awaitRegisteredNodes;
import static io.argon.it.ManagerProcesses.startManager;
import static io.argon.it.ManagerProcesses.startNodes;
import static io.argon.it.Tasks.EXIT;
import static io.argon.it.Tasks.SAMPLE;
import static io.argon.it.Tasks.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import io.argon.client.TaskFailedException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code --metrics-port}: a real daemon's /metrics, read as Prometheus reads it. */
class MetricsIT {
    private static final Pattern SERVING = Pattern.compile("serving HTTP at (http://\\S+?)/ \\(");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private String scrape(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        return response.body();
    }

    @Test
    void afterAHundredTasksANodeShowsAHundredResultsAndItsGauges() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "2", "--metrics-port", "0");
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            String url = node.awaitLine(SERVING, Duration.ofSeconds(30)).group(1) + "/metrics";
            List<CompletableFuture<JsonNode>> tasks = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                tasks.add(client.submit(SAMPLE, sample(i, 0)));
            }
            for (int i = 0; i < 100; i++) {
                assertThat(tasks.get(i).get(60, TimeUnit.SECONDS).asInt()).isEqualTo(i);
            }
            String metrics = scrape(url);
            assertThat(metrics)
                    .contains("argon_tasks_total{class=\"" + SAMPLE + "\",outcome=\"result\"} 100.0")
                    .doesNotContain("outcome=\"task_failed\"")
                    .contains("argon_task_duration_seconds_count{class=\"" + SAMPLE + "\"} 100")
                    .contains("argon_task_queue_wait_seconds_count 100")
                    .contains("argon_workers 2.0")
                    .contains("argon_workers_busy 0.0")
                    .contains("argon_workers_idle 2.0")
                    .contains("argon_queue_depth{priority=\"normal\"} 0.0")
                    .contains("argon_queue_limit 64.0");
            JsonNode status = client.daemon().status().get(10, TimeUnit.SECONDS);
            assertThat(status.get("tasks").get("result").asLong()).as("status and metrics count the same").isEqualTo(100);
            assertThat(metrics).as("rejections too (100 tasks at once overflow a queue of 64)")
                    .contains("argon_rejections_total " + status.get("tasks").get("rejected").asLong() + ".0");
        }
    }

    @Test
    void scrapingDuringALoadRunWorksAndTheCountsAddUp() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "2", "--metrics-port", "0")) {
            String url = node.awaitLine(SERVING, Duration.ofSeconds(30)).group(1) + "/metrics";
            ArgonProcess bench = ArgonProcess.start("bench", "-a", "127.0.0.1:" + node.port(), "-n", "5000", "-c", "64", "-d", "0");
            int scrapes = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (bench.process().isAlive() && scrapes < 500 && System.nanoTime() < deadline) {
                assertThat(scrape(url)).contains("argon_queue_depth{priority=\"normal\"}");
                scrapes++;
                // Paced, as Prometheus scrapes, rather than a busy loop that would take a core from
                // the bench and the node on a small machine; bounded by the bench, 500 scrapes and 60 s.
                Thread.sleep(20);
            }
            assertThat(bench.waitFor(Duration.ofSeconds(120))).as(bench.output()).isZero();
            assertThat(scrapes).as("scrapes made while the bench ran").isPositive();
            assertThat(scrape(url)).contains("argon_tasks_total{class=\"" + SAMPLE + "\",outcome=\"result\"} 5000.0");
        }
    }

    @Test
    void aRetriedRejectionCountsAsARejectionAndItsTaskOnce() throws Exception {
        // One worker and no queue: every task that finds the worker busy is rejected, and the
        // client sends it again (after 4 ms, then longer) until it runs.
        int tasks = 21;
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1", "-l", "0", "--metrics-port", "0");
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            String url = node.awaitLine(SERVING, Duration.ofSeconds(30)).group(1) + "/metrics";
            List<CompletableFuture<JsonNode>> submitted = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                submitted.add(client.submit(SAMPLE, sample(i, 0.02)));
            }
            for (int i = 0; i < tasks; i++) {
                assertThat(submitted.get(i).get(60, TimeUnit.SECONDS).asInt()).isEqualTo(i);
            }
            String metrics = scrape(url);
            long rejections = client.daemon().status().get(10, TimeUnit.SECONDS).get("tasks").get("rejected").asLong();
            assertThat(rejections).as("tasks that found the worker busy").isPositive();
            assertThat(metrics)
                    .contains("argon_tasks_total{class=\"" + SAMPLE + "\",outcome=\"result\"} " + tasks + ".0")
                    .contains("argon_rejections_total " + rejections + ".0")
                    .doesNotContain("outcome=\"rejected\"");
        }
    }

    @Test
    void aNodeCountsItsWorkerRestartsByWhy() throws Exception {
        // -r 3: each worker is replaced after its third task.
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1", "-r", "3", "--metrics-port", "0");
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            String url = node.awaitLine(SERVING, Duration.ofSeconds(30)).group(1) + "/metrics";
            assertThat(scrape(url)).contains("# TYPE argon_worker_restarts_total counter")
                    .contains("argon_worker_restarts_total{reason=\"crashed\"} 0.0");
            assertThatThrownBy(() -> client.process(EXIT, Map.of("code", 3))).isInstanceOf(TaskFailedException.class);
            for (int i = 0; i < 6; i++) {
                assertThat(client.process(SAMPLE, Map.of("num", i)).asInt()).isEqualTo(i);
            }
            // The Exit task was its first worker's first; the next worker ran tasks 1-3 and was
            // recycled, the one after ran tasks 4-6 and is being recycled now.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scrape(url))
                    .contains("argon_worker_restarts_total{reason=\"crashed\"} 1.0")
                    .contains("argon_worker_restarts_total{reason=\"recycled\"} 2.0")
                    .contains("argon_worker_restarts_total{reason=\"hung\"} 0.0"));
        }
    }

    @Test
    void aManagerShowsEachNode() throws Exception {
        ArgonProcess manager = startManager("--metrics-port", "0");
        List<ArgonProcess> nodes = List.of();
        try {
            String url = manager.awaitLine(SERVING, Duration.ofSeconds(30)).group(1) + "/metrics";
            nodes = startNodes(manager.port(), List.of(List.of("-w", "1"), List.of("-w", "2")));
            awaitRegisteredNodes(manager, 2);
            try (ArgonClient client = new ArgonClient("127.0.0.1", manager.port())) {
                for (int i = 0; i < 10; i++) {
                    assertThat(client.process(SAMPLE, Map.of("num", i)).asInt()).isEqualTo(i);
                }
            }
            String metrics = scrape(url);
            assertThat(metrics)
                    .contains("argon_tasks_total{class=\"" + SAMPLE + "\",outcome=\"result\"} 10.0")
                    .contains("argon_nodes 2.0")
                    .contains("argon_node_workers{node=\"" + nodes.get(0).address() + "\"} 1.0")
                    .contains("argon_node_workers{node=\"" + nodes.get(1).address() + "\"} 2.0")
                    .contains("argon_node_round_trip_seconds{node=\"" + nodes.get(0).address() + "\"}")
                    .contains("# TYPE argon_node_tasks_total counter")
                    .doesNotContain("argon_node_tasks_done");
            assertThat(rows(metrics, "argon_node_tasks_total")).as("each node's tasks, summed").isEqualTo(10.0);
        } finally {
            nodes.forEach(Quietly::close);
            manager.close();
        }
    }

    /** The sum of every row of {@code name}, whatever its labels. */
    private static double rows(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aTakenMetricsPortIsAUsageError() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             ArgonProcess node = ArgonProcess.start("node", "-H", "127.0.0.1", "-p", "0", "-w", "1",
                     "--metrics-port", String.valueOf(taken.getLocalPort()))) {
            assertThat(node.waitFor(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(node.output()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }
}
