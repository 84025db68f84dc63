package io.argon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import io.argon.client.ArgonException;
import io.argon.client.MapResult;
import io.argon.protocol.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task history of real daemons, read through the HTTP API: what each task was, where it
 * ran and how it ended; on a manager, kept in --data-dir so that a manager killed with kill -9
 * and started again still shows the tasks that finished before it died.
 */
class HistoryIT {
    private static final Pattern SERVING = Pattern.compile("serving HTTP at (http://\\S+?)/ \\(");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path dir;

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    private static Set<String> ids(JsonNode search) {
        Set<String> ids = new TreeSet<>();
        search.path("tasks").forEach(task -> ids.add(task.path("id").asText()));
        return ids;
    }

    @Test
    void aManagerKilledWithKill9AndStartedAgainShowsTheTasksThatFinishedBeforeItDied() throws Exception {
        Path data = dir.resolve("manager-data");
        int port = ArgonProcess.freePort();
        ArgonProcess manager = ManagerProcesses.startManagerOn(port, "--http-port", "0", "--data-dir", data.toString());
        ArgonProcess node = ManagerProcesses.startNode(port, "-w", "2");
        try {
            String url = manager.awaitLine(SERVING, Duration.ofSeconds(30)).group(1);
            Set<String> submitted;
            String failedId;
            try (ArgonClient client = new ArgonClient("127.0.0.1", port)) {
                List<Map<String, Integer>> params = IntStream.range(0, 50).mapToObj(i -> Map.of("num", i)).toList();
                assertThat(client.map(Tasks.SAMPLE, params, 8).filter(MapResult::failed).count()).isZero();
                submitted = IntStream.rangeClosed(1, 50).mapToObj(Integer::toString).collect(Collectors.toCollection(TreeSet::new));
                var failing = client.submit(Tasks.FAIL, Map.of("message", "boom for the history"));
                failedId = failing.id();
                try {
                    failing.join();
                } catch (Exception expected) {
                    assertThat(expected.getCause()).isInstanceOf(ArgonException.class);
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> get(url + "/api/tasks?limit=1000").path("tasks").size() == 51);
            JsonNode failure = get(url + "/api/tasks?outcome=failed").path("tasks");
            assertThat(failure).singleElement().satisfies(task -> {
                assertThat(task.path("id").asText()).isEqualTo(failedId);
                assertThat(task.path("class").asText()).isEqualTo(Tasks.FAIL);
                assertThat(task.path("outcome").asText()).isEqualTo("task_failed");
                assertThat(task.path("error").asText()).contains("boom for the history");
                assertThat(task.path("path")).extracting(JsonNode::asText).containsExactly("node " + node.address());
            });
            JsonNode detail = get(url + "/api/tasks/" + failure.get(0).path("seq").asLong());
            assertThat(detail.path("stack").asText()).contains("boom for the history").contains("io.argon.examples.Fail.run");

            manager.kill();
            assertThat(manager.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(Files.exists(data.resolve("history.db"))).isTrue();

            ArgonProcess again = ManagerProcesses.startManagerOn(port, "--http-port", "0", "--data-dir", data.toString());
            manager = again;
            String urlAgain = again.awaitLine(SERVING, Duration.ofSeconds(30)).group(1);
            JsonNode kept = get(urlAgain + "/api/tasks?limit=1000");
            assertThat(ids(kept)).containsAll(submitted).contains(failedId).hasSize(51);
            assertThat(get(urlAgain + "/api/tasks?id=" + failedId).path("tasks").get(0).path("outcome").asText()).isEqualTo("task_failed");
        } finally {
            Quietly.close(node);
            Quietly.close(manager);
        }
    }

    @Test
    void aNodeKeepsWhichWorkerRanEachTaskAndSearchesByClass() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "2", "--http-port", "0")) {
            String url = node.awaitLine(SERVING, Duration.ofSeconds(30)).group(1);
            try (ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
                for (int i = 0; i < 10; i++) {
                    client.process(Tasks.SAMPLE, Map.of("num", i));
                }
                client.process(Tasks.PID, Map.of());
            }
            Set<String> workers = node.workerPids().stream().map(pid -> "[pid " + pid + "]").collect(Collectors.toSet());
            await().atMost(Duration.ofSeconds(10)).until(() -> get(url + "/api/tasks").path("tasks").size() == 11);
            JsonNode samples = get(url + "/api/tasks?class=SampleTask").path("tasks");
            assertThat(samples).hasSize(10).allSatisfy(task -> {
                assertThat(task.path("outcome").asText()).isEqualTo("result");
                String where = task.path("path").get(0).asText();
                assertThat(workers).anySatisfy(pid -> assertThat(where).startsWith("worker ").endsWith(pid));
                assertThat(task.path("finished_at").asLong()).isGreaterThanOrEqualTo(task.path("started_at").asLong());
            });
            assertThat(get(url + "/api/tasks?class=" + Tasks.PID).path("tasks")).hasSize(1);
        }
    }

    @Test
    void argonTasksAndArgonTaskReadTheSameHistoryOverTheProtocol() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1")) {
            String failedId;
            try (ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
                client.process(Tasks.SAMPLE, Map.of("num", 1));
                var failing = client.submit(Tasks.FAIL, Map.of("message", "boom for argon task"));
                failedId = failing.id();
                assertThat(failing).failsWithin(Duration.ofSeconds(30));
                await().atMost(Duration.ofSeconds(10)).until(() -> client.daemon().history(null, null, null, 0).get().path("tasks").size() == 2);
            }
            try (ArgonProcess tasks = ArgonProcess.start("argon", "tasks", "-a", node.address(), "--failed")) {
                assertThat(tasks.waitFor(Duration.ofSeconds(60))).as(tasks.output()).isZero();
                assertThat(tasks.lines()).anySatisfy(line -> assertThat(line).contains("  " + failedId + "  " + Tasks.FAIL + "  task_failed")
                        .contains("boom for argon task")).contains("1 shown; 2 kept of the last 100000");
            }
            try (ArgonProcess task = ArgonProcess.start("argon", "task", failedId, "-a", node.address())) {
                assertThat(task.waitFor(Duration.ofSeconds(60))).as(task.output()).isZero();
                assertThat(task.output()).contains("task " + failedId + " (" + Tasks.FAIL + ")")
                        .contains("outcome   task_failed: boom for argon task").contains("attempt 1 worker 1 [pid ")
                        .contains("at io.argon.examples.Fail.run");
            }
            try (ArgonProcess none = ArgonProcess.start("argon", "task", "no-such-id", "-a", node.address())) {
                assertThat(none.waitFor(Duration.ofSeconds(60))).isEqualTo(1);
                assertThat(none.output()).contains("argon: no task no-such-id in the history of");
            }
        }
    }
}
