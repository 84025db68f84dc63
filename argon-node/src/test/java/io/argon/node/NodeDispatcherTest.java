package io.argon.node;

import static io.argon.node.FakeWorkers.answer;
import static io.argon.node.FakeWorkers.cancels;
import static io.argon.node.FakeWorkers.reply;
import static io.argon.node.FakeWorkers.running;
import static org.assertj.core.api.Assertions.assertThat;

import io.argon.core.daemon.DaemonConfig;
import io.argon.core.daemon.Submission;
import io.argon.core.net.TestLoop;
import io.argon.node.FakeLauncher.FakeProcess;
import io.argon.protocol.Cancel;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Message;
import io.argon.protocol.RawJson;
import io.argon.protocol.Rejected;
import io.argon.protocol.Result;
import io.argon.protocol.Submit;
import io.argon.task.Priority;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node's scheduling, driven by hand: workers are fake processes that say hello over
 * embedded links when the test says so, clients are embedded channels, and the clock moves
 * only when the test moves it. No JVM is forked and nothing sleeps.
 */
class NodeDispatcherTest {
    private final TestLoop test = new TestLoop();
    private final FakeWorkers workers = new FakeWorkers(test);
    private final FakeLauncher launcher = workers.launcher;
    private final EmbeddedChannel client = test.channel();
    private NodeDispatcher dispatcher;
    private WorkerPool pool;

    @AfterEach
    void close() {
        test.close();
    }

    // ---- set-up and steps ----

    /** Starts a node whose workers have all said hello; returns their links, in worker order. */
    private List<EmbeddedChannel> readyNode(int workers, int queueLimit) {
        return readyNode(NodeConfig.builder().workers(workers).queueLimit(queueLimit));
    }

    private List<EmbeddedChannel> readyNode(NodeConfig.Builder config) {
        dispatcher = new NodeDispatcher(config.build(), test.loop(), launcher, report -> report.put("extra", true));
        pool = dispatcher.pool();
        CompletableFuture<Void> started = pool.start();
        test.runPending();
        List<EmbeddedChannel> links = workers.helloAll(pool);
        assertThat(started).isCompleted();
        return links;
    }

    /** The worker's JVM links to the node and says hello. */
    private EmbeddedChannel hello(FakeProcess process) {
        return workers.hello(pool, process);
    }

    private static Submit task(String id) {
        return task(id, Priority.NORMAL);
    }

    private static Submit task(String id, Priority priority) {
        return new Submit(id, "io.argon.examples.SampleTask", RawJson.EMPTY_OBJECT, priority, false);
    }

    private void submit(Submit request) {
        dispatcher.submit(new Submission(request, client, dispatcher.stats()));
    }

    private Message answerToClient() {
        return client.readOutbound();
    }

    private Failure failureToClient() {
        Message answer = answerToClient();
        assertThat(answer).isInstanceOf(Failure.class);
        return (Failure) answer;
    }

    // ---- where tasks go ----

    @Test
    void aTaskGoesStraightToAnIdleWorkerAndItsAnswerBackToTheClient() {
        List<EmbeddedChannel> links = readyNode(2, 4);
        submit(task("a"));
        submit(task("b"));
        assertThat(running(links.get(0))).isEqualTo("a");
        assertThat(running(links.get(1))).isEqualTo("b");
        assertThat(pool.busyCount()).isEqualTo(2);

        answer(links.get(1), "b");
        assertThat(answerToClient()).isEqualTo(new Result("b", RawJson.parse("\"done b\"")));
        assertThat(pool.busyCount()).isEqualTo(1);
    }

    @Test
    void tasksWaitWhileEveryWorkerIsBusyAndTheMostUrgentGoesFirst() {
        EmbeddedChannel link = readyNode(1, 8).get(0);
        submit(task("first"));
        submit(task("low", Priority.LOW));
        submit(task("normal"));
        submit(task("high", Priority.HIGH));
        submit(task("max", Priority.MAX));
        assertThat(dispatcher.queued()).isEqualTo(4);

        List<String> order = new ArrayList<>();
        String current = running(link);
        while (current != null) {
            order.add(current);
            answer(link, current);
            current = running(link);
        }
        assertThat(order).containsExactly("first", "max", "high", "normal", "low");
        assertThat(dispatcher.queued()).isZero();
    }

    @Test
    void aFullQueueRejectsAtOnceAndTakesTasksAgainOnceThereIsRoom() {
        EmbeddedChannel link = readyNode(1, 2).get(0);
        submit(task("running"));
        submit(task("q1"));
        submit(task("q2"));
        submit(task("over"));
        assertThat(answerToClient()).isEqualTo(new Rejected("over", "queue full (2 tasks waiting)"));

        answer(link, running(link));
        answerToClient();
        submit(task("again"));
        assertThat(client.outboundMessages()).isEmpty();
        assertThat(dispatcher.queued()).isEqualTo(2);
    }

    @Test
    void aQueueOfZeroStillRunsTasksOnIdleWorkers() {
        EmbeddedChannel link = readyNode(1, 0).get(0);
        submit(task("runs"));
        submit(task("rejected"));
        assertThat(running(link)).isEqualTo("runs");
        assertThat(answerToClient()).isInstanceOf(Rejected.class);
    }

    // ---- drain and stop ----

    @Test
    void drainingRefusesNewTasksAndCompletesWhenTheHeldOnesAreAnswered() {
        EmbeddedChannel link = readyNode(1, 4).get(0);
        submit(task("running"));
        submit(task("queued"));
        CompletableFuture<Void> drained = dispatcher.drain();
        assertThat(drained).isNotDone();

        submit(task("late"));
        Failure late = failureToClient();
        assertThat(late.id()).isEqualTo("late");
        assertThat(late.kind()).isEqualTo(ErrorKind.SHUTTING_DOWN);

        answer(link, running(link));
        assertThat(drained).isNotDone();
        answer(link, running(link));
        assertThat(drained).isCompleted();
    }

    @Test
    void abandoningAnswersQueuedTasksShuttingDown() {
        readyNode(1, 4);
        submit(task("running"));
        submit(task("queued"));
        dispatcher.drain();
        dispatcher.abandon();
        Failure failure = failureToClient();
        assertThat(failure.id()).isEqualTo("queued");
        assertThat(failure.kind()).isEqualTo(ErrorKind.SHUTTING_DOWN);
    }

    // ---- deadlines ----

    private static Submit task(String id, long timeoutMillis, boolean idempotent, int maxAttempts) {
        return new Submit(id, "io.argon.examples.SampleTask", RawJson.EMPTY_OBJECT, Priority.NORMAL, idempotent,
                timeoutMillis, maxAttempts);
    }

    @Test
    void aTaskStillQueuedAtItsDeadlineIsAnsweredTimeoutAndNeverRuns() {
        EmbeddedChannel link = readyNode(1, 4).get(0);
        submit(task("long"));
        submit(task("hurried", 100, false, 0));
        test.advanceMillis(99);
        assertThat(client.outboundMessages()).isEmpty();
        test.advanceMillis(1);
        Failure timeout = failureToClient();
        assertThat(timeout.id()).isEqualTo("hurried");
        assertThat(timeout.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(timeout.message()).contains("did not start within its timeout of 100 ms");
        assertThat(dispatcher.queued()).isZero();

        assertThat(running(link)).isEqualTo("long");
        answer(link, "long");
        assertThat(running(link)).as("the timed-out task never reaches a worker").isNull();
    }

    @Test
    void aTaskRunningAtItsDeadlineIsAnsweredTimeoutAndItsWorkerInterruptedThenReusedIfItStops() {
        EmbeddedChannel link = readyNode(1, 4).get(0);
        submit(task("slow", 500, false, 0));
        submit(task("next"));
        assertThat(running(link)).isEqualTo("slow");
        test.advanceMillis(500);
        Failure timeout = failureToClient();
        assertThat(timeout.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(timeout.message()).contains("ran past its timeout of 500 ms");
        FakeProcess worker = launcher.launched.get(0);
        assertThat(cancels(link)).as("taken back, or interrupted if it runs").containsExactly("slow");

        // The task stops when interrupted; what the worker then says about it goes nowhere.
        reply(link, "slow", ordinal -> Failure.of(ordinal, ErrorKind.TASK_FAILED, "java.lang.InterruptedException"));
        assertThat(client.outboundMessages()).isEmpty();
        assertThat(running(link)).isEqualTo("next");
        test.advance(WorkerPool.INTERRUPT_GRACE);
        assertThat(worker.killed).isFalse();
        assertThat(launcher.launched).hasSize(1);
    }

    @Test
    void aTaskAnsweredInTimeKeepsNoTimer() {
        EmbeddedChannel link = readyNode(1, 4).get(0);
        submit(task("quick", 500, false, 0));
        answer(link, running(link));
        assertThat(answerToClient()).isInstanceOf(Result.class);
        test.advanceMillis(1000);
        assertThat(client.outboundMessages()).isEmpty();
        assertThat(cancels(link)).isEmpty();
    }

    @Test
    void theNodesTaskTimeoutIsTheDefaultAndTheCap() {
        readyNode(NodeConfig.builder().workers(3).queueLimit(4).taskTimeout(Duration.ofSeconds(2)));
        submit(task("none"));
        submit(task("asks 5 s", 5000, false, 0));
        submit(task("asks 1 s", 1000, false, 0));
        test.advanceMillis(1000);
        assertThat(failureToClient().id()).isEqualTo("asks 1 s");
        test.advanceMillis(1000);
        assertThat(List.of(failureToClient().id(), failureToClient().id())).containsExactlyInAnyOrder("none", "asks 5 s");
    }

    // ---- cancel, and clients that go away ----

    @Test
    void aCancelledQueuedTaskIsAnsweredCancelledAndNeverRuns() {
        EmbeddedChannel link = readyNode(1, 4).get(0);
        submit(task("running"));
        submit(task("unwanted"));
        dispatcher.cancel(client, new Cancel("unwanted", false));
        Failure cancelled = failureToClient();
        assertThat(cancelled.id()).isEqualTo("unwanted");
        assertThat(cancelled.kind()).isEqualTo(ErrorKind.CANCELLED);
        answer(link, running(link));
        answerToClient();
        assertThat(running(link)).isNull();
    }

    @Test
    void aCancelledRunningTaskIsAnsweredCancelledAndItsWorkerInterrupted() {
        EmbeddedChannel link = readyNode(1, 4).get(0);
        submit(task("running"));
        running(link);
        dispatcher.cancel(client, new Cancel("running", true));
        assertThat(client.outboundMessages()).as("only if not started").isEmpty();
        dispatcher.cancel(client, new Cancel("running", false));
        assertThat(failureToClient().kind()).isEqualTo(ErrorKind.CANCELLED);
        assertThat(cancels(link)).containsExactly("running");
    }

    @Test
    void aCancelOfAnUnknownOrAnsweredIdOrFromAnotherConnectionChangesNothing() {
        EmbeddedChannel link = readyNode(1, 4).get(0);
        submit(task("mine"));
        EmbeddedChannel stranger = test.channel();
        dispatcher.cancel(stranger, new Cancel("mine", false));
        dispatcher.cancel(client, new Cancel("nobody", false));
        assertThat(client.outboundMessages()).isEmpty();
        assertThat(stranger.outboundMessages()).isEmpty();
        answer(link, running(link));
        assertThat(answerToClient()).isInstanceOf(Result.class);
        dispatcher.cancel(client, new Cancel("mine", false));
        assertThat(client.outboundMessages()).isEmpty();
        assertThat(cancels(link)).isEmpty();
    }

    @Test
    void whenAClientGoesAwayItsQueuedTasksNeverStartAndItsRunningOneFinishesForNobody() {
        EmbeddedChannel link = readyNode(1, 8).get(0);
        submit(task("a-running"));
        submit(task("a-queued-1"));
        submit(task("a-queued-2"));
        EmbeddedChannel other = test.channel();
        dispatcher.submit(new Submission(task("b-queued"), other, dispatcher.stats()));
        assertThat(dispatcher.queued()).isEqualTo(3);

        client.close();
        dispatcher.disconnected(client);
        assertThat(dispatcher.queued()).isEqualTo(1);
        answer(link, running(link));
        assertThat(running(link)).isEqualTo("b-queued");
        answer(link, "b-queued");
        assertThat((Message) other.readOutbound()).isInstanceOf(Result.class);
        assertThat(running(link)).isNull();
    }

    // ---- tasks that are safe to run again ----

    @Test
    void anIdempotentTaskWhoseWorkerDiesRunsAgainUpToItsBoundThenFails() {
        readyNode(1, 4);
        submit(task("risky", 0, true, 0));
        for (int attempt = 1; attempt <= DaemonConfig.DEFAULT_MAX_ATTEMPTS; attempt++) {
            FakeProcess worker = launcher.last();
            if (attempt > 1) {
                hello(worker); // the replacement takes the task again
            }
            assertThat(client.outboundMessages()).as("attempt %d", attempt).isEmpty();
            worker.exit(137);
            test.runPending();
        }
        Failure failure = failureToClient();
        assertThat(failure.kind()).isEqualTo(ErrorKind.WORKER_DIED);
        assertThat(failure.message()).contains("(attempt 3 of 3)");
    }

    @Test
    void aTaskMayLowerItsBoundOfAttemptsButNotRaiseIt() {
        readyNode(1, 4);
        submit(task("once", 0, true, 1));
        launcher.last().exit(137);
        test.runPending();
        assertThat(failureToClient().kind()).isEqualTo(ErrorKind.WORKER_DIED);

        hello(launcher.last());
        submit(task("greedy", 0, true, 50));
        for (int death = 1; death <= DaemonConfig.DEFAULT_MAX_ATTEMPTS; death++) {
            if (death > 1) {
                hello(launcher.last()); // the replacement takes the task again
            }
            launcher.last().exit(137);
            test.runPending();
        }
        Failure failure = failureToClient();
        assertThat(failure.id()).isEqualTo("greedy");
        assertThat(failure.message()).contains("(attempt 3 of 3)");
    }

    @Test
    void aTaskThatIsNotSafeToRunAgainIsAnsweredWorkerDiedAtOnce() {
        readyNode(1, 4);
        submit(task("once"));
        launcher.launched.get(0).exit(137);
        test.runPending();
        assertThat(failureToClient().message()).doesNotContain("attempt");
    }

    // ---- no worker can start ----

    @Test
    void whenNoWorkerCanStartQueuedTasksAreAnsweredNoWorkersAfterTheBound() {
        readyNode(1, 4);
        launcher.launched.get(0).exit(1);
        test.runPending();
        FakeProcess replacement = launcher.last();
        replacement.lastOutput = "Error: Could not find or load main class io.argon.worker.WorkerMain";
        replacement.exit(1);
        test.runPending();
        submit(task("waiting"));
        assertThat(dispatcher.queued()).isEqualTo(1);

        test.advance(WorkerPool.NO_WORKERS_PATIENCE.minusMillis(1));
        // retries keep failing meanwhile
        launcher.launched.stream().filter(p -> !p.exited.isDone()).forEach(p -> p.exit(1));
        test.runPending();
        assertThat(client.outboundMessages()).isEmpty();
        test.advanceMillis(1);
        Failure failure = failureToClient();
        assertThat(failure.id()).isEqualTo("waiting");
        assertThat(failure.kind()).isEqualTo(ErrorKind.NO_WORKERS);
        assertThat(failure.message()).contains("no worker has been able to start for 10 s").contains("failed to start");

        submit(task("meanwhile"));
        assertThat(failureToClient().kind()).as("answered at once while it lasts").isEqualTo(ErrorKind.NO_WORKERS);

        // One start succeeds: tasks run again.
        test.advance(Duration.ofSeconds(1));
        EmbeddedChannel back = hello(launcher.last());
        submit(task("after"));
        assertThat(running(back)).isEqualTo("after");
    }

    // ---- status ----

    @Test
    void theStatusShowsEachWorkerTheQueueByPriorityAndWhatBecameOfEveryTask() {
        List<EmbeddedChannel> links = readyNode(2, 2);
        submit(task("a"));
        test.advanceMillis(250);
        submit(task("b"));
        submit(task("c", Priority.HIGH));
        submit(task("d"));
        submit(task("full"));
        assertThat(answerToClient()).isInstanceOf(Rejected.class);
        test.advanceMillis(1000);

        com.fasterxml.jackson.databind.JsonNode status = dispatcher.status().toTree();
        assertThat(status.get("role").asText()).isEqualTo("node");
        assertThat(status.get("uptime_ms").asLong()).isEqualTo(1250);
        assertThat(status.get("workers").asInt()).isEqualTo(2);
        assertThat(status.get("busy").asInt()).isEqualTo(2);
        assertThat(status.get("idle").asInt()).isZero();
        assertThat(status.get("queued").asInt()).isEqualTo(2);
        assertThat(status.get("queue_limit").asInt()).isEqualTo(2);
        assertThat(status.get("queued_by_priority").get("high").asInt()).isEqualTo(1);
        assertThat(status.get("queued_by_priority").get("normal").asInt()).isEqualTo(1);
        com.fasterxml.jackson.databind.JsonNode first = status.get("pool").get(0);
        assertThat(first.get("id").asInt()).isEqualTo(1);
        assertThat(first.get("pid").asLong()).isEqualTo(launcher.launched.get(0).pid);
        assertThat(first.get("state").asText()).isEqualTo("busy");
        assertThat(first.get("task").get("class").asText()).isEqualTo("io.argon.examples.SampleTask");
        assertThat(first.get("task").get("running_ms").asLong()).isEqualTo(1250);
        assertThat(status.get("pool").get(1).get("task").get("running_ms").asLong()).isEqualTo(1000);
        assertThat(first.get("rss_bytes").asLong()).isEqualTo(40L << 20);
        assertThat(status.get("tasks").get("rejected").asLong()).isEqualTo(1);
        assertThat(status.get("extra").asBoolean()).as("what the node adds").isTrue();

        running(links.get(0));
        answer(links.get(0), "a");
        assertThat(running(links.get(0))).as("the high-priority task first").isEqualTo("c");
        dispatcher.cancel(client, new Cancel("d", false));
        status = dispatcher.status().toTree();
        assertThat(status.get("pool").get(0).get("tasks_done").asInt()).isEqualTo(1);
        assertThat(status.get("pool").get(0).get("task").get("running_ms").asLong()).isZero();
        assertThat(status.get("tasks").get("result").asLong()).isEqualTo(1);
        assertThat(status.get("tasks").get("cancelled").asLong()).isEqualTo(1);
        assertThat(status.get("queued").asInt()).isZero();
    }

    // ---- drained by an operator ----

    @Test
    void aDrainedNodeTurnsNewTasksAwayFinishesWhatItHoldsAndTakesTasksAgainWhenUndrained() {
        List<EmbeddedChannel> links = readyNode(1, 4);
        submit(task("running"));
        submit(task("queued"));
        CompletableFuture<Void> empty = dispatcher.pause();
        submit(task("turned away"));
        Failure away = failureToClient();
        assertThat(away.kind()).as("a manager sends it elsewhere").isEqualTo(ErrorKind.SHUTTING_DOWN);
        assertThat(away.message()).contains("drained");
        assertThat(dispatcher.status().toTree().get("draining").asBoolean()).isTrue();

        answer(links.get(0), running(links.get(0)));
        assertThat(empty).as("the queued task still to run").isNotDone();
        answer(links.get(0), running(links.get(0)));
        assertThat(empty).isCompleted();
        assertThat(answerToClient()).isInstanceOf(Result.class);
        assertThat(answerToClient()).isInstanceOf(Result.class);

        assertThat(dispatcher.resume()).isTrue();
        submit(task("back"));
        assertThat(running(links.get(0))).isEqualTo("back");
        assertThat(dispatcher.status().toTree().has("draining")).isFalse();
    }
}
