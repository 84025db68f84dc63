package io.argon.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.core.daemon.TaskRecord;
import io.argon.task.Priority;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskHistoryTest {
    @TempDir
    Path dir;

    private static TaskRecord result(String id, String taskClass) {
        return new TaskRecord(id, new InetSocketAddress("127.0.0.1", 40000), taskClass, Priority.NORMAL, "result", null, null, null,
                List.of("worker 1 [pid 4711]"), 1_000, 1_010, 1_050);
    }

    private static TaskRecord failed(String id, String stack) {
        return new TaskRecord(id, new InetSocketAddress("127.0.0.1", 40000), "com.example.Resize", Priority.HIGH, "task_failed", "boom",
                "java.lang.IllegalStateException", stack, List.of("node 127.0.0.1:8001 (lost; run again)", "node 127.0.0.1:8002"),
                2_000, 2_100, 2_400);
    }

    @Test
    void findsTasksByIdClassAndOutcomeNewestFirstAndOneWithItsStack() throws Exception {
        try (TaskHistory history = TaskHistory.open(null, 1000)) {
            history.record(result("1", "io.argon.examples.SampleTask"));
            history.record(failed("2", "java.lang.IllegalStateException: boom\n\tat com.example.Resize.run(Resize.java:9)\n"));
            history.record(result("3", "com.example.Resize"));
            history.flushNow();

            ObjectNode all = history.search(null, null, null, 100).get();
            assertThat(all.get("tasks")).extracting(task -> task.get("id").asText()).containsExactly("3", "2", "1");
            assertThat(all.get("kept").asLong()).isEqualTo(3);

            JsonNode failure = history.search(null, null, "failed", 100).get().get("tasks");
            assertThat(failure).singleElement().satisfies(task -> {
                assertThat(task.get("id").asText()).isEqualTo("2");
                assertThat(task.get("outcome").asText()).isEqualTo("task_failed");
                assertThat(task.get("error").asText()).isEqualTo("boom");
                assertThat(task.get("priority").asText()).isEqualTo("high");
                assertThat(task.get("path")).extracting(JsonNode::asText)
                        .containsExactly("node 127.0.0.1:8001 (lost; run again)", "node 127.0.0.1:8002");
                assertThat(task.get("waited_ms").asLong()).isEqualTo(100);
                assertThat(task.get("ran_ms").asLong()).isEqualTo(300);
                assertThat(task.has("stack")).as("a list leaves stacks out").isFalse();
            });
            assertThat(history.search(null, "Resize", null, 100).get().get("tasks")).hasSize(2);
            assertThat(history.search(null, "com.example.Resize", "result", 100).get().get("tasks")).hasSize(1);
            assertThat(history.search("1", null, null, 100).get().get("tasks")).hasSize(1);

            long seq = failure.get(0).get("seq").asLong();
            assertThat(history.get(seq).get().get("stack").asText()).contains("at com.example.Resize.run(Resize.java:9)");
            assertThat(history.get(seq + 100).get()).isNull();
        }
    }

    @Test
    void keepsAtMostItsSizeTheNewestOnes() throws Exception {
        try (TaskHistory history = TaskHistory.open(null, 100)) {
            for (int i = 1; i <= 250; i++) {
                history.record(result(Integer.toString(i), "C"));
                if (i % 7 == 0) {
                    history.flushNow();
                }
            }
            history.flushNow();
            JsonNode tasks = history.search(null, null, null, TaskHistory.MAX_SEARCH).get().get("tasks");
            assertThat(tasks.size()).isBetween(100, 110);
            assertThat(tasks.get(0).get("id").asText()).isEqualTo("250");
            assertThat(history.search("160", null, null, 10).get().get("tasks")).hasSize(1);
            assertThat(history.search("100", null, null, 10).get().get("tasks")).isEmpty();
        }
    }

    @Test
    void aFileKeepsItsTasksForTheNextProcessAndLongTextsAreCut() throws Exception {
        Path file = dir.resolve("data/history.db");
        try (TaskHistory history = TaskHistory.open(file, 1000)) {
            history.record(failed("7", "x".repeat(10_000)));
            history.flushNow();
        }
        try (TaskHistory again = TaskHistory.open(file, 1000)) {
            JsonNode tasks = again.search("7", null, null, 10).get().get("tasks");
            assertThat(tasks).hasSize(1);
            String stack = again.get(tasks.get(0).get("seq").asLong()).get().get("stack").asText();
            assertThat(stack).hasSizeLessThan(TaskHistory.MAX_STACK_CHARS + 100).endsWith("(cut at 4096 characters)");
            again.record(result("8", "C"));
            again.flushNow();
            assertThat(again.search(null, null, null, 10).get().get("tasks")).extracting(t -> t.get("id").asText())
                    .containsExactly("8", "7");
        }
    }
}
