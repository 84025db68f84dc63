package io.argon.it;

import static io.argon.it.Tasks.FAIL;
import static io.argon.it.Tasks.PID;
import static io.argon.it.Tasks.SAMPLE;
import static io.argon.it.Tasks.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import io.argon.client.FailureKind;
import io.argon.client.TaskFailedException;
import io.argon.examples.SampleTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Results and task errors through one real node with two worker JVMs. */
class NodeTasksIT {
    private static ArgonProcess node;
    private static ArgonClient client;

    @BeforeAll
    static void startNode() throws Exception {
        node = ArgonProcess.startNode("-w", "2", "-i", Tasks.testClasses());
        client = new ArgonClient("127.0.0.1", node.port()).connect();
    }

    @AfterAll
    static void stopNode() throws Exception {
        client.close();
        node.close();
    }

    @Test
    void returnsTheResultOfATask() {
        assertThat(client.process(SAMPLE, sample(42, 0), Integer.class)).isEqualTo(42);
    }

    @Test
    void runsATaskInstanceAndConvertsItsResult() {
        Integer result = client.process(new SampleTask(7, 0.01));
        assertThat(result).isEqualTo(7);
    }

    @Test
    void manyTasksInFlightOnOneConnectionEachGetTheirOwnAnswer() {
        List<CompletableFuture<JsonNode>> futures = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            futures.add(client.submit(SAMPLE, sample(i, 0)));
        }
        for (int i = 0; i < futures.size(); i++) {
            assertThat(futures.get(i).join().asInt()).isEqualTo(i);
        }
    }

    @Test
    void runsTaskCodeFromAnIncludedDirectory() {
        assertThat(client.process("io.argon.it.tasks.Greeting", Map.of("name", "argon"), String.class))
                .isEqualTo("hello, argon");
    }

    @Test
    void aTaskThatThrowsIsAnsweredWithItsExceptionAndTheWorkerStays() {
        long pidsBefore = node.lines().stream().filter(l -> l.contains("ready in")).count();
        assertThatThrownBy(() -> client.process(FAIL, Map.of("message", "it broke")))
                .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.TASK_FAILED);
                    assertThat(e.remoteClass()).isEqualTo("java.lang.RuntimeException");
                    assertThat(e.remoteMessage()).isEqualTo("it broke");
                    assertThat(e.remoteStackTrace()).contains("io.argon.examples.Fail.run");
                });
        assertThat(client.process(SAMPLE, sample(1, 0)).asInt()).isEqualTo(1);
        assertThat(node.lines().stream().filter(l -> l.contains("ready in")).count())
                .as("no worker was replaced").isEqualTo(pidsBefore);
    }

    @Test
    void anUnknownClassIsAnError() {
        assertThatThrownBy(() -> client.process("com.example.NoSuchTask", Map.of()))
                .isInstanceOfSatisfying(TaskFailedException.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.CLASS_NOT_FOUND));
    }

    @Test
    void aClassThatIsNotATaskIsRefusedWithoutRunningAnyOfItsCode() {
        long pid = client.process(PID, Map.of(), Long.class);
        // HaltOnLoad's static initialiser kills its JVM: if the worker initialised it, the
        // answer would be worker_died instead.
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> client.process("io.argon.it.tasks.HaltOnLoad", Map.of()))
                    .isInstanceOfSatisfying(TaskFailedException.class,
                            e -> assertThat(e.kind()).isEqualTo(FailureKind.NOT_A_TASK));
        }
        assertThatThrownBy(() -> client.process("java.lang.String", Map.of()))
                .isInstanceOfSatisfying(TaskFailedException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.NOT_A_TASK));
        assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
    }

    @Test
    void paramsThatDoNotBindAreAnError() {
        assertThatThrownBy(() -> client.process(SAMPLE, Map.of("num", "not a number")))
                .isInstanceOfSatisfying(TaskFailedException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.BAD_PARAMS));
        assertThatThrownBy(() -> client.process(SAMPLE, Map.of("num", 1, "colour", "red")))
                .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.BAD_PARAMS);
                    assertThat(e.remoteMessage()).contains("colour");
                });
    }
}
