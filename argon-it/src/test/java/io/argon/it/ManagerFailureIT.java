package io.argon.it;

import static io.argon.it.ManagerProcesses.awaitRegisteredNodes;
import static io.argon.it.ManagerProcesses.startManager;
import static io.argon.it.ManagerProcesses.startNode;
import static io.argon.it.ManagerProcesses.startNodes;
import static io.argon.it.Tasks.SAMPLE;
import static io.argon.it.Tasks.sample;
import static io.argon.it.Timeouts.ANSWERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import io.argon.client.FailureKind;
import io.argon.client.SubmitOptions;
import io.argon.client.TaskFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Nodes that die or go silent: every task still gets exactly one answer, and the manager carries on. */
class ManagerFailureIT {
    private static final int TASKS = 2000;
    private static final int IDEMPOTENT_TASKS = 1000;
    private static final int IN_FLIGHT = 16;
    private static final int WORKERS_PER_NODE = 2;

    /** The manager's line for a lost node: how many of its tasks were answered node_lost and how many resent. */
    private static Matcher lostLine(ArgonProcess manager, String nodeAddress) {
        return manager.awaitLine(Pattern.compile("node " + Pattern.quote(nodeAddress)
                + " lost: ([^;]+); (\\d+) tasks? in flight: (\\d+) answered node_lost, (\\d+) sent elsewhere \\((\\d+) nodes? left\\)"),
                Duration.ofSeconds(30));
    }

    @Test
    void killingANodeMidwayFailsOnlyItsTasksInFlightWithNodeLost() throws Exception {
        try (ArgonProcess manager = startManager()) {
            List<ArgonProcess> nodes = startNodes(manager.port(), List.of(
                    List.of("-w", "" + WORKERS_PER_NODE), List.of("-w", "" + WORKERS_PER_NODE)));
            ArgonProcess victim = nodes.get(0);
            try (ArgonClient client = new ArgonClient("127.0.0.1", manager.port())) {
                awaitRegisteredNodes(manager, 2);
                TaskLoad load = TaskLoad.start(TASKS, IN_FLIGHT, ANSWERS, i -> client.submit(SAMPLE, sample(i, 0.01)));
                load.awaitAnswered(TASKS / 5, ANSWERS);
                victim.kill();
                victim.waitFor(Duration.ofSeconds(10));
                int answeredAtKill = load.answered();
                load.awaitAllAnswered(ANSWERS);

                assertThat(load.answered()).isEqualTo(TASKS);
                assertThat(load.extraAnswers()).isZero();
                List<Throwable> errors = load.errors();
                assertThat(errors).allSatisfy(error -> assertThat(error).isInstanceOfSatisfying(TaskFailedException.class,
                        failed -> assertThat(failed.kind()).isEqualTo(FailureKind.NODE_LOST)));
                // The manager keeps a backlog queued, so the victim's window is full when it dies.
                assertThat(errors.size()).as("tasks lost with the node").isPositive().isLessThanOrEqualTo(4 * WORKERS_PER_NODE);
                load.results().forEach((i, result) -> assertThat(result.asInt()).as("result of task %d", i).isEqualTo(i));
                assertThat(load.results()).hasSize(TASKS - errors.size());
                assertThat(TASKS - answeredAtKill).as("tasks left to the survivor").isGreaterThan(TASKS / 2);

                Matcher lost = lostLine(manager, victim.address());
                assertThat(lost.group(1)).isEqualTo("its connection closed");
                assertThat(Integer.parseInt(lost.group(3))).as("answered node_lost per the manager").isEqualTo(errors.size());
                assertThat(lost.group(4)).isEqualTo("0");
                assertThat(lost.group(5)).isEqualTo("1");
                System.out.println("killed " + victim.address() + " after " + answeredAtKill + " answers: " + lost.group());
                assertThat(manager.output()).doesNotContain(nodes.get(1).address() + " lost");
            } finally {
                nodes.forEach(Quietly::close);
            }
        }
    }

    @Test
    void killingANodeMidwayLosesNoIdempotentTaskAndAnswersEachExactlyOnce() throws Exception {
        try (ArgonProcess manager = startManager()) {
            List<ArgonProcess> nodes = startNodes(manager.port(), List.of(
                    List.of("-w", "" + WORKERS_PER_NODE), List.of("-w", "" + WORKERS_PER_NODE)));
            ArgonProcess victim = nodes.get(1);
            try (RawConnection raw = new RawConnection(manager.port())) {
                awaitRegisteredNodes(manager, 2);
                TaskLoad load = TaskLoad.startRaw(raw, IDEMPOTENT_TASKS, IN_FLIGHT, ANSWERS, i -> "{\"type\":\"submit\",\"id\":\"t" + i
                        + "\",\"class\":\"" + SAMPLE + "\",\"params\":{\"num\":" + i + ",\"delay\":0.01},\"idempotent\":true}");
                load.awaitAnswered(IDEMPOTENT_TASKS / 5, ANSWERS);
                victim.kill();
                victim.waitFor(Duration.ofSeconds(10));
                load.awaitAllAnswered(ANSWERS);

                List<String> wrong = new ArrayList<>();
                for (int i = 0; i < IDEMPOTENT_TASKS; i++) {
                    // One answer, a result frame (not an error: AnswerFrame), with the task's own number.
                    TaskLoad.Outcome answer = load.outcome(i);
                    if (load.answersTo(i) != 1 || answer.failed() || answer.result().asInt(-1) != i) {
                        wrong.add("t" + i + ": " + load.answersTo(i) + " answers, first " + answer);
                    }
                }
                assertThat(wrong).as("tasks not answered exactly once with their result").isEmpty();

                Matcher lost = lostLine(manager, victim.address());
                assertThat(lost.group(3)).as("answered node_lost").isEqualTo("0");
                assertThat(lost.group(4)).as("sent elsewhere").isEqualTo(lost.group(2));
                assertThat(Integer.parseInt(lost.group(2))).isPositive().isLessThanOrEqualTo(4 * WORKERS_PER_NODE);
                System.out.println("killed " + victim.address() + ": " + lost.group());
            } finally {
                nodes.forEach(Quietly::close);
            }
        }
    }

    @Test
    void losingTheLastNodeAnswersItsTaskNodeLostAndQueuedTasksNoNodes() throws Exception {
        try (ArgonProcess manager = startManager()) {
            ArgonProcess node = startNode(manager.port(), "-w", "1");
            try (ArgonClient client = new ArgonClient("127.0.0.1", manager.port())) {
                awaitRegisteredNodes(manager, 1);
                CompletableFuture<JsonNode> running = client.submit(SAMPLE, sample(1, 30));
                CompletableFuture<JsonNode> queued = client.submit(SAMPLE, sample(2, 0));
                CompletableFuture<JsonNode> queuedIdempotent = client.submit(SAMPLE, sample(3, 0),
                        SubmitOptions.DEFAULT.asIdempotent());
                node.awaitStatus("the first task on the worker", s -> s.get("busy").asInt() == 1, ANSWERS);
                manager.awaitStatus("the other two queued", s -> s.get("queued").asInt() == 2, ANSWERS);
                assertThat(running).isNotDone();
                node.kill();
                node.waitFor(Duration.ofSeconds(10));

                assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS)).cause()
                        .isInstanceOfSatisfying(TaskFailedException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.NODE_LOST));
                for (CompletableFuture<JsonNode> waiting : List.of(queued, queuedIdempotent)) {
                    assertThatThrownBy(() -> waiting.get(30, TimeUnit.SECONDS)).cause()
                            .isInstanceOfSatisfying(TaskFailedException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.NO_NODES));
                }
                assertThatThrownBy(() -> client.process(SAMPLE, sample(4, 0)))
                        .isInstanceOfSatisfying(TaskFailedException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.NO_NODES));
            } finally {
                node.close();
            }
        }
    }

    @Test
    void aNodeThatNeverAnswersIsDroppedAfterItsHeartbeatsAndItsTaskAnsweredNodeLost() throws Exception {
        try (ArgonProcess manager = startManager("--heartbeat-ms", "500", "--heartbeat-misses", "3");
             ArgonClient client = new ArgonClient("127.0.0.1", manager.port());
             RawConnection fake = new RawConnection(manager.port())) {
            fake.sendFrame("{\"type\":\"register\",\"id\":\"r1\",\"address\":\"127.0.0.1:1\",\"workers\":1}");
            JsonNode registered = fake.readFrame();
            assertThat(registered.get("type").asText()).isEqualTo("registered");
            assertThat(registered.get("id").asText()).isEqualTo("r1");

            CompletableFuture<JsonNode> task = client.submit(SAMPLE, sample(7, 0));
            // The only node, silent: it receives the task (and pings) and answers nothing.
            JsonNode routed = null;
            for (int i = 0; i < 20 && routed == null; i++) {
                JsonNode frame = fake.readFrame();
                if ("submit".equals(frame.get("type").asText())) {
                    routed = frame;
                }
            }
            assertThat(routed).as("the task routed to the fake node").isNotNull();
            assertThat(routed.get("class").asText()).isEqualTo(SAMPLE);

            assertThatThrownBy(() -> task.get(15, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(TaskFailedException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.NODE_LOST));
            Matcher lost = lostLine(manager, "127.0.0.1:1");
            assertThat(lost.group(1)).isEqualTo("no answer to 3 heartbeats");
            assertThat(lost.group(3)).isEqualTo("1");
            List<JsonNode> rest = fake.readUntilClosed(100);
            assertThat(rest).allSatisfy(frame -> assertThat(frame.get("type").asText()).isEqualTo("ping"));

            assertThatThrownBy(() -> client.process(SAMPLE, sample(8, 0)))
                    .isInstanceOfSatisfying(TaskFailedException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.NO_NODES));

            // A real node busy for longer than the heartbeat deadline still answers pings and is kept.
            try (ArgonProcess node = startNode(manager.port(), "-w", "1")) {
                awaitRegisteredNodes(manager, 1);
                assertThat(client.submit(SAMPLE, sample(9, 2.5)).get(30, TimeUnit.SECONDS).asInt()).isEqualTo(9);
                assertThat(manager.output()).doesNotContain(node.address() + " lost");
            }
        }
    }

    @Test
    void anIdleNodeIsPingedEveryFifthIntervalAndDroppedWhenItFreezesAsOneWithATaskIs() throws Exception {
        try (ArgonProcess manager = startManager("--heartbeat-ms", "200", "--heartbeat-misses", "3");
             FakeNode idle = new FakeNode(manager.port(), "127.0.0.1:1", 1, 0, 0)) {
            // Pinged at every interval until its round trip is known (5 pongs), then at every 5th.
            await().atMost(ANSWERS).until(() -> idle.pings() >= 6);
            int before = idle.pings();
            Thread.sleep(4_000); // 20 intervals
            assertThat(idle.pings() - before).as("pings to an idle node in 20 intervals").isBetween(2, 6);

            ArgonProcess frozen = startNode(manager.port(), "-w", "1");
            try {
                awaitRegisteredNodes(manager, 2);
                Thread.sleep(2_000); // its round trip known: it is pinged as an idle node
                frozen.signal("STOP");
                long stoppedAt = System.nanoTime();
                Matcher lost = lostLine(manager, frozen.address());
                long lostAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
                assertThat(lost.group(1)).isEqualTo("no answer to 3 heartbeats");
                // At most 5 intervals to its next ping, then 3 missed: 1.6 s, and never before 3 misses.
                assertThat(lostAfterMillis).as("ms from the freeze to the node being dropped").isGreaterThanOrEqualTo(600);
                assertThat(manager.output()).as("the idle node that answers is kept").doesNotContain("127.0.0.1:1 lost");
            } finally {
                frozen.signal("CONT");
                frozen.close();
            }
        }
    }
}
