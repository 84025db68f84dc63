package io.argon.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argon.client.ArgonClient;
import io.argon.client.FailureKind;
import io.argon.client.MapResult;
import io.argon.client.TaskFailedException;
import io.argon.junit.ArgonNode;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How to test your own tasks: {@link ArgonNode} runs a real node, with worker JVMs that see this
 * test's classpath, shared by every test class that asks for two workers and stopped when the
 * test run ends; each test gets a client connected to it.
 */
class ExampleTasksTest {
    @RegisterExtension
    static final ArgonNode argon = ArgonNode.withWorkers(2);

    @Test
    void aTaskInstanceRunsOnAWorkerAndItsResultComesBackTyped(ArgonClient client) {
        int answer = client.process(new SampleTask(42, 0));
        assertThat(answer).isEqualTo(42);
    }

    @Test
    void tasksRunInTheWorkerJvmsNotInTheTest(ArgonClient client) {
        long workerPid = client.process(new Pid());
        assertThat(workerPid).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(ProcessHandle.current().descendants().map(ProcessHandle::pid)).contains(workerPid);
    }

    @Test
    void aTaskThatThrowsFailsWithTheWorkersStackTrace(ArgonClient client) {
        assertThatThrownBy(() -> client.process(new Fail("no luck")))
                .isInstanceOfSatisfying(TaskFailedException.class, failure -> {
                    assertThat(failure.kind()).isEqualTo(FailureKind.TASK_FAILED);
                    assertThat(failure.remoteMessage()).isEqualTo("no luck");
                    assertThat(failure.remoteStackTrace()).contains("at io.argon.examples.Fail.run(Fail.java");
                });
    }

    @Test
    void manyTasksMapInOrder(ArgonClient client) {
        List<Map<String, Integer>> params = IntStream.range(0, 100).mapToObj(n -> Map.of("num", n)).toList();
        List<Integer> results = client.map(SampleTask.class.getName(), params, 8)
                .map(MapResult::get).map(result -> result.asInt()).toList();
        assertThat(results).containsExactlyElementsOf(IntStream.range(0, 100).boxed().toList());
    }
}
