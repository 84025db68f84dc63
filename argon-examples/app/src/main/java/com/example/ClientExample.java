package com.example;

import io.argon.client.ArgonClient;
import io.argon.client.ArgonException;
import io.argon.client.ClientOptions;
import io.argon.client.MapResult;
import io.argon.client.SubmitOptions;
import io.argon.client.TaskFailedException;
import io.argon.client.TaskFuture;
import io.argon.examples.Fail;
import io.argon.examples.SampleTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

public class ClientExample {
    public static void main(String[] args) {
        // One address, or several (a manager and its standby): a client fails over between them.
        List<String> addresses = args.length > 0 ? List.of(args) : List.of("127.0.0.1:8000");
        try (ArgonClient client = new ArgonClient(addresses, ClientOptions.defaults())) {
            System.out.println(run(client)); // 42 7 4950 4950 4950 timeout cancelled task_failed: boom
        }
    }

    static String run(ArgonClient client) {
        // A task object: its fields are its params, and its result is typed by its Task<Integer>.
        int answer = client.process(new SampleTask(42));

        // By class, with params as a Map (or any object whose fields are the params).
        TaskFuture<Integer> seven = client.submit(SampleTask.class, Map.of("num", 7));

        // Many at once: at most 64 are out unanswered (ClientOptions.withMaxInFlight), the rest wait here.
        List<TaskFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            futures.add(client.submit(new SampleTask(i)));
        }
        int inOrder = futures.stream().mapToInt(TaskFuture::join).sum();
        int asTheyCame = TaskFuture.inCompletionOrder(futures).mapToInt(TaskFuture::join).sum();

        // One task per params, at most 16 in flight, outcomes in input order; get() throws a task's failure.
        List<Map<String, Integer>> params = IntStream.range(0, 100).mapToObj(i -> Map.of("num", i)).toList();
        int mapped = client.map(SampleTask.class, params, 16).mapToInt(MapResult::get).sum();

        // A timeout counts from when the task leaves the client; past it, the task is stopped where it runs.
        String late;
        try {
            client.process(new SampleTask(1, 5.0), SubmitOptions.DEFAULT.withTimeout(Duration.ofMillis(500)));
            late = "in time";
        } catch (ArgonException e) { // every failure: e.kind() says what happened, e.taskId() to which task
            late = e.kind().code();
        }

        // Giving up on a future (cancel, complete, orTimeout) drops its task where it waits, or stops it where it runs.
        TaskFuture<Integer> slow = client.submit(new SampleTask(2, 60.0), SubmitOptions.DEFAULT.asIdempotent());
        slow.cancel(true);

        // A task that threw: the worker's exception, with its stack trace, is the cause.
        String failure;
        try {
            client.process(new Fail("boom"));
            failure = "none";
        } catch (TaskFailedException e) {
            failure = e.kind().code() + ": " + e.remoteMessage();
        }
        return answer + " " + seven.join() + " " + inOrder + " " + asTheyCame + " " + mapped + " " + late + " "
                + (slow.isCancelled() ? "cancelled" : "not cancelled") + " " + failure;
    }
}
