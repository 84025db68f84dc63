package io.argon.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.task.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client's API against a fake daemon on loopback: typed submission, its errors, and its pacing. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClientTest {
    /** A task the fake daemon "runs" by echoing its num. */
    record Echo(int num) implements Task<Integer> {
        @Override
        public Integer run() {
            return num;
        }
    }

    @Test
    void aTaskClassAndItsParamsGiveAResultOfTheTypeItDeclares() throws Exception {
        try (FakeDaemon daemon = FakeDaemon.echoingNum();
             ArgonClient client = new ArgonClient("127.0.0.1", daemon.port())) {
            TaskFuture<Integer> byClass = client.submit(Echo.class, Map.of("num", 5));
            Integer five = byClass.get(10, TimeUnit.SECONDS);
            assertThat(five).isEqualTo(5);
            int six = client.process(new Echo(6));
            assertThat(six).isEqualTo(6);
            assertThat(daemon.received("submit")).extracting(frame -> frame.path("class").asText())
                    .containsOnly(Echo.class.getName());
            assertThat(byClass.id()).isEqualTo(daemon.received("submit").get(0).path("id").asText());
        }
    }

    @Test
    void submitAllMapAndCompletionOrderAreTyped() throws Exception {
        try (FakeDaemon daemon = FakeDaemon.echoingNum();
             ArgonClient client = new ArgonClient("127.0.0.1", daemon.port())) {
            daemon.delayAnswers(submit -> 50L * (5 - submit.path("params").path("num").asInt()));
            List<TaskFuture<Integer>> futures = client.submitAll(IntStream.range(0, 5).mapToObj(Echo::new).toList());
            List<Integer> asCompleted = TaskFuture.inCompletionOrder(futures).map(TaskFuture::join).toList();
            assertThat(asCompleted).containsExactly(4, 3, 2, 1, 0);
            assertThat(futures.stream().map(TaskFuture::join).toList()).containsExactly(0, 1, 2, 3, 4);

            List<Map<String, Integer>> params = IntStream.range(0, 20).mapToObj(i -> Map.of("num", i)).toList();
            int sum = client.map(Echo.class, params, 4).mapToInt(MapResult::get).sum();
            assertThat(sum).isEqualTo(190);
        }
    }

    @Test
    void aLambdaIsRefusedAtSubmitSayingWhatToDoAndNothingIsSent() throws Exception {
        try (FakeDaemon daemon = FakeDaemon.echoingNum();
             ArgonClient client = new ArgonClient("127.0.0.1", daemon.port())) {
            Task<Integer> lambda = () -> 42;
            TaskFuture<Integer> refused = client.submit(lambda);
            assertThatThrownBy(() -> refused.get(1, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(ArgonException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.INVALID_TASK))
                    .hasMessageStartingWith("a lambda cannot be sent as a task").hasMessageContaining("Write a record");
            assertThatThrownBy(() -> client.process(new Task<Integer>() {
                @Override
                public Integer run() {
                    return 1;
                }
            })).isInstanceOf(ArgonException.class).hasMessageStartingWith("an anonymous class cannot be sent as a task");
            assertThat(client.process(new Echo(1))).isEqualTo(1);
            assertThat(daemon.received("submit")).hasSize(1);
        }
    }

    @Test
    void aFailedProcessThrowsFromTheCallersThreadWithTheWorkersExceptionAsItsCause() throws Exception {
        String stack = "java.lang.IllegalStateException: no luck\n"
                + "\tat com.example.Resize.run(Resize.java:12)\n"
                + "\tat io.argon.worker.TaskRunner.run(TaskRunner.java:60)\n"
                + "Caused by: java.io.IOException: disk full\n"
                + "\tat com.example.Store.put(Store.java:3)\n"
                + "\t... 2 more\n";
        String stackJson = io.argon.protocol.Json.MAPPER.writeValueAsString(stack);
        try (FakeDaemon daemon = new FakeDaemon(submit -> "{\"type\":\"error\",\"id\":\"" + submit.get("id").asText()
                + "\",\"kind\":\"task_failed\",\"message\":\"no luck\",\"exception\":\"java.lang.IllegalStateException\","
                + "\"stack\":" + stackJson + "}");
             ArgonClient client = new ArgonClient("127.0.0.1", daemon.port())) {
            assertThatThrownBy(() -> client.process(new Echo(1)))
                    .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                        assertThat(e.kind()).isEqualTo(FailureKind.TASK_FAILED);
                        assertThat(e.taskId()).isEqualTo("1");
                        assertThat(e).hasMessage("[task_failed] java.lang.IllegalStateException: no luck (task 1 ("
                                + Echo.class.getName() + "))");
                        assertThat(Arrays.stream(e.getStackTrace()).map(StackTraceElement::getMethodName))
                                .as("the caller's stack").contains("aFailedProcessThrowsFromTheCallersThreadWithTheWorkersExceptionAsItsCause");
                        assertThat(e.getCause()).isInstanceOfSatisfying(RemoteException.class, remote -> {
                            assertThat(remote.remoteClass()).isEqualTo("java.lang.IllegalStateException");
                            assertThat(remote).hasToString("java.lang.IllegalStateException: no luck");
                            assertThat(remote.getStackTrace()[0]).isEqualTo(
                                    new StackTraceElement("com.example.Resize", "run", "Resize.java", 12));
                            assertThat(remote.getCause()).hasToString("java.io.IOException: disk full");
                            assertThat(remote.getCause().getStackTrace()).hasSize(1);
                        });
                    });
        }
    }

    @Test
    void aResultOfTheWrongTypeKeepsTheRawResult() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(submit -> "{\"type\":\"result\",\"id\":\"" + submit.get("id").asText()
                + "\",\"result\":{\"not\":\"a number\"}}");
             ArgonClient client = new ArgonClient("127.0.0.1", daemon.port())) {
            assertThatThrownBy(() -> client.process(new Echo(1)))
                    .isInstanceOfSatisfying(ResultTypeException.class, e -> {
                        assertThat(e.kind()).isEqualTo(FailureKind.BAD_RESULT);
                        assertThat(e.rawResult().path("not").asText()).isEqualTo("a number");
                        assertThat(e.resultType()).isEqualTo("java.lang.Integer");
                        assertThat(e.taskId()).isEqualTo("1");
                    }).hasMessageStartingWith("task 1 (" + Echo.class.getName() + ") gave a result that does not read as "
                            + "java.lang.Integer: {\"not\":\"a number\"}");
        }
    }

    @Test
    void noMoreThanMaxInFlightTasksAreSentTheRestWaitInTheClientAndGoInOrder() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(submit -> null);
             ArgonClient client = new ArgonClient("127.0.0.1", daemon.port(), ClientOptions.defaults().withMaxInFlight(4))) {
            List<TaskFuture<JsonNode>> tasks = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                tasks.add(client.submit("io.argon.examples.SampleTask", Map.of("num", i)));
            }
            assertThat(daemon.awaitFrame(frame -> frame.path("id").asText().equals(tasks.get(3).id()), 10_000)).isTrue();
            assertThat(client.pendingTasks()).isEqualTo(10);

            tasks.get(0).cancel(true);
            tasks.get(2).cancel(true);
            assertThat(daemon.awaitFrame(frame -> frame.path("id").asText().equals(tasks.get(5).id()), 10_000)).isTrue();
            assertThat(daemon.received("submit").stream().map(frame -> frame.path("params").path("num").asInt())
                    .collect(Collectors.toList())).containsExactly(0, 1, 2, 3, 4, 5);
        }
    }
}
