package io.argon.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.argon.core.daemon.PendingTask;
import io.argon.core.net.TestLoop;
import io.argon.node.FakeLauncher.FakeProcess;
import io.argon.protocol.Cancel;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Hello;
import io.argon.protocol.Message;
import io.argon.protocol.Messages;
import io.argon.protocol.RawJson;
import io.argon.protocol.Rejected;
import io.argon.protocol.Result;
import io.argon.protocol.Submit;
import io.argon.task.Priority;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node's scheduling, driven by hand: workers are fake processes that say hello over
 * embedded links when the test says so, clients are embedded channels, and the clock moves
 * only when the test moves it. No JVM is forked and nothing sleeps.
 */
class NodeDispatcherTest {
    private final TestLoop test = new TestLoop();
    private final FakeLauncher launcher = new FakeLauncher();
    private final EmbeddedChannel client = test.channel();
    private NodeDispatcher dispatcher;
    private WorkerPool pool;
    private CompletableFuture<Void> started;

    @AfterEach
    void close() {
        test.close();
    }

    // ---- set-up and steps ----

    private void startNode(int workers, int queueLimit, int recycleAfter) {
        startNode(workers, queueLimit, recycleAfter, Duration.ZERO, NodeConfig.DEFAULT_MAX_ATTEMPTS);
    }

    private void startNode(int workers, int queueLimit, int recycleAfter, Duration taskTimeout, int maxAttempts) {
        NodeConfig config = new NodeConfig("127.0.0.1", 0, workers, List.of(), recycleAfter, queueLimit,
                NodeConfig.DEFAULT_WORKER_JVM_OPTIONS, Messages.DEFAULT_MAX_FRAME_BYTES, Duration.ofSeconds(30), List.of(),
                taskTimeout, maxAttempts, null, null, NodeConfig.DEFAULT_MAX_CONNECTIONS, NodeConfig.NO_METRICS, null);
        dispatcher = new NodeDispatcher(config, test.loop(), launcher, report -> { });
        pool = dispatcher.pool();
        started = pool.start();
        test.runPending();
    }

    /** Starts a node whose workers have all said hello; returns their links, in worker order. */
    private List<EmbeddedChannel> readyNode(int workers, int queueLimit, int recycleAfter) {
        return readyNode(workers, queueLimit, recycleAfter, Duration.ZERO);
    }

    private List<EmbeddedChannel> readyNode(int workers, int queueLimit, int recycleAfter, Duration taskTimeout) {
        startNode(workers, queueLimit, recycleAfter, taskTimeout, NodeConfig.DEFAULT_MAX_ATTEMPTS);
        List<EmbeddedChannel> links = new ArrayList<>();
        for (FakeProcess process : new ArrayList<>(launcher.launched)) {
            links.add(hello(process));
        }
        assertThat(started).isCompleted();
        return links;
    }

    /** The worker's JVM links to the node and says hello. */
    private EmbeddedChannel hello(FakeProcess process) {
        EmbeddedChannel link = test.channel(new WorkerLinkHandler(pool));
        link.writeInbound(new Hello("hello", process.workerId, process.pid));
        return link;
    }

    private static Submit task(String id) {
        return task(id, Priority.NORMAL);
    }

    private static Submit task(String id, Priority priority) {
        return new Submit(id, "io.argon.examples.SampleTask", RawJson.EMPTY_OBJECT, priority, false);
    }

    private void submit(Submit request) {
        dispatcher.submit(new PendingTask(request, client, dispatcher.stats()));
    }

    /** The id of the task the worker was handed, or null if none. */
    private static String running(EmbeddedChannel link) {
        Submit sent = link.readOutbound();
        return sent == null ? null : sent.id();
    }

    /** The worker answers task {@code id}. */
    private void answer(EmbeddedChannel link, String id) {
        link.writeInbound(new Result(id, RawJson.wrap(("\"done " + id + "\"").getBytes(StandardCharsets.UTF_8))));
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
        List<EmbeddedChannel> links = readyNode(2, 4, 0);
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
        EmbeddedChannel link = readyNode(1, 8, 0).get(0);
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
        EmbeddedChannel link = readyNode(1, 2, 0).get(0);
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
        EmbeddedChannel link = readyNode(1, 0, 0).get(0);
        submit(task("runs"));
        submit(task("rejected"));
        assertThat(running(link)).isEqualTo("runs");
        assertThat(answerToClient()).isInstanceOf(Rejected.class);
    }

    @Test
    void anAnswerToATaskTheWorkerIsNotRunningIsIgnored() {
        EmbeddedChannel link = readyNode(1, 4, 0).get(0);
        submit(task("real"));
        answer(link, "forged");
        assertThat(client.outboundMessages()).isEmpty();
        assertThat(pool.busyCount()).isEqualTo(1);
    }

    // ---- workers that die, start badly, or retire ----

    @Test
    void aWorkerThatDiesMidTaskCostsThatTaskOnlyAndIsReplacedAtOnce() {
        List<EmbeddedChannel> links = readyNode(2, 4, 0);
        submit(task("doomed"));
        submit(task("fine"));
        FakeProcess first = launcher.launched.get(0);
        first.lastOutput = "Terminating due to java.lang.OutOfMemoryError: Java heap space";
        first.exit(3);
        test.runPending();

        Failure failure = failureToClient();
        assertThat(failure.id()).isEqualTo("doomed");
        assertThat(failure.kind()).isEqualTo(ErrorKind.WORKER_DIED);
        assertThat(failure.message()).contains("worker 1 [pid 1000] died while running the task: exited with status 3")
                .contains("it last printed: Terminating due to java.lang.OutOfMemoryError");
        assertThat(launcher.launched).hasSize(3);

        answer(links.get(1), "fine");
        assertThat(answerToClient()).isInstanceOf(Result.class);
    }

    @Test
    void aKilledWorkerIsNamedWithItsSignal() {
        readyNode(1, 4, 0);
        submit(task("t"));
        launcher.launched.get(0).exit(137);
        test.runPending();
        assertThat(failureToClient().message()).contains("killed by signal 9 (SIGKILL)").doesNotContain("last printed");
    }

    @Test
    void aWorkerThatCannotStartDuringStartFailsTheStartWithItsLastWords() {
        startNode(2, 4, 0);
        hello(launcher.launched.get(1));
        FakeProcess bad = launcher.launched.get(0);
        bad.lastOutput = "Unrecognized VM option 'UseNoSuchGC'";
        bad.exit(1);
        test.runPending();

        assertThat(started).isCompletedExceptionally();
        assertThat(started).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withMessageContaining("worker 1 failed to start: exited with status 1; it last printed: Unrecognized VM option");
    }

    @Test
    void workersThatKeepFailingToStartAreRetriedWithGrowingDelaysUntilOneSaysHello() {
        readyNode(1, 4, 0);
        launcher.launched.get(0).exit(1);
        test.runPending();
        assertThat(launcher.launched).hasSize(2); // a worker that was serving is replaced at once

        long[] expectedDelays = {250, 500, 1000, 2000};
        for (long delay : expectedDelays) {
            launcher.last().exit(1); // dies before its hello
            test.runPending();
            int before = launcher.launched.size();
            test.advanceMillis(delay - 1);
            assertThat(launcher.launched).as("no retry before %d ms", delay).hasSize(before);
            test.advanceMillis(1);
            assertThat(launcher.launched).as("a retry after %d ms", delay).hasSize(before + 1);
        }

        // Once one starts, the delay starts again from the first.
        hello(launcher.last());
        launcher.last().exit(1);
        test.runPending();
        launcher.last().exit(1);
        test.runPending();
        int before = launcher.launched.size();
        test.advanceMillis(250);
        assertThat(launcher.launched).hasSize(before + 1);
    }

    @Test
    void aForkThatFailsIsRetriedLikeACrash() {
        readyNode(1, 4, 0);
        launcher.failNextWith = "Cannot run program: too many processes";
        launcher.launched.get(0).exit(1);
        test.runPending();
        assertThat(launcher.launched).hasSize(1);
        test.advanceMillis(250);
        assertThat(launcher.launched).hasSize(2);
    }

    @Test
    void aWorkerThatNeverSaysHelloIsKilledAfterTheHelloTimeout() {
        startNode(1, 4, 0);
        FakeProcess silent = launcher.launched.get(0);
        test.advance(WorkerPool.HELLO_TIMEOUT.minusMillis(1));
        assertThat(silent.killed).isFalse();
        test.advanceMillis(1);
        assertThat(silent.killed).isTrue();
        test.runPending(); // the exit it causes
        assertThat(started).isCompletedExceptionally();
    }

    @Test
    void aWorkerThatClosesItsLinkButKeepsRunningIsKilledASecondLater() {
        EmbeddedChannel link = readyNode(1, 4, 0).get(0);
        link.close();
        test.advance(WorkerPool.UNLINKED_GRACE.minusMillis(1));
        assertThat(launcher.launched.get(0).killed).isFalse();
        test.advanceMillis(1);
        assertThat(launcher.launched.get(0).killed).isTrue();
    }

    @Test
    void anImpostorHelloIsRefused() {
        startNode(1, 4, 0);
        FakeProcess process = launcher.launched.get(0);
        EmbeddedChannel impostor = test.channel(new WorkerLinkHandler(pool));
        impostor.writeInbound(new Hello("hello", process.workerId, process.pid + 1));
        assertThat(impostor.isOpen()).isFalse();
        assertThat(started).isNotDone();
    }

    @Test
    void aRecycledWorkersSuccessorBootsDuringItsLastTaskAndTakesOver() {
        EmbeddedChannel old = readyNode(1, 4, 2).get(0);
        submit(task("one"));
        answer(old, running(old));
        assertThat(launcher.launched).hasSize(1);

        submit(task("two"));
        assertThat(running(old)).isEqualTo("two");
        assertThat(launcher.launched).as("the successor starts with the last task").hasSize(2);
        submit(task("three"));
        assertThat(dispatcher.queued()).isEqualTo(1);

        answer(old, "two");
        FakeProcess retired = launcher.launched.get(0);
        assertThat(retired.lifelineClosed).isTrue();
        assertThat(old.isOpen()).isFalse();

        EmbeddedChannel successor = hello(launcher.launched.get(1));
        assertThat(running(successor)).isEqualTo("three");
        retired.exit(0);
        test.runPending();
        assertThat(launcher.launched).as("a retired worker's exit is not a crash").hasSize(2);
    }

    // ---- drain and stop ----

    @Test
    void drainingRefusesNewTasksAndCompletesWhenTheHeldOnesAreAnswered() {
        EmbeddedChannel link = readyNode(1, 4, 0).get(0);
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
        readyNode(1, 4, 0);
        submit(task("running"));
        submit(task("queued"));
        dispatcher.drain();
        dispatcher.abandon();
        Failure failure = failureToClient();
        assertThat(failure.id()).isEqualTo("queued");
        assertThat(failure.kind()).isEqualTo(ErrorKind.SHUTTING_DOWN);
    }

    @Test
    void stoppingFailsRunningTasksReleasesEveryWorkerAndKillsThoseThatLinger() {
        readyNode(2, 4, 0);
        submit(task("cut short"));
        CompletableFuture<Void> stopped = pool.stop("the node shut down");
        test.runPending();

        Failure failure = failureToClient();
        assertThat(failure.id()).isEqualTo("cut short");
        assertThat(failure.kind()).isEqualTo(ErrorKind.WORKER_DIED);
        assertThat(launcher.launched).allSatisfy(process -> assertThat(process.lifelineClosed).isTrue());

        launcher.launched.get(0).exit(0);
        test.runPending();
        assertThat(stopped).isNotDone();
        test.advance(WorkerPool.STOP_GRACE);
        assertThat(launcher.launched.get(1).killed).isTrue();
        test.runPending();
        assertThat(stopped).isCompleted();
        assertThat(launcher.launched).hasSize(2);
    }

    // ---- deadlines ----

    private static Submit task(String id, long timeoutMillis, boolean idempotent, int maxAttempts) {
        return new Submit(id, "io.argon.examples.SampleTask", RawJson.EMPTY_OBJECT, Priority.NORMAL, idempotent,
                timeoutMillis, maxAttempts);
    }

    @Test
    void aTaskStillQueuedAtItsDeadlineIsAnsweredTimeoutAndNeverRuns() {
        EmbeddedChannel link = readyNode(1, 4, 0).get(0);
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
        EmbeddedChannel link = readyNode(1, 4, 0).get(0);
        submit(task("slow", 500, false, 0));
        submit(task("next"));
        assertThat(running(link)).isEqualTo("slow");
        test.advanceMillis(500);
        Failure timeout = failureToClient();
        assertThat(timeout.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(timeout.message()).contains("ran past its timeout of 500 ms");
        FakeProcess worker = launcher.launched.get(0);
        assertThat(worker.interrupts).containsExactly(1);

        // The task stops when interrupted; what the worker then says about it goes nowhere.
        link.writeInbound(Failure.of("slow", ErrorKind.TASK_FAILED, "java.lang.InterruptedException"));
        assertThat(client.outboundMessages()).isEmpty();
        assertThat(running(link)).isEqualTo("next");
        test.advance(WorkerPool.INTERRUPT_GRACE);
        assertThat(worker.killed).isFalse();
        assertThat(launcher.launched).hasSize(1);
    }

    @Test
    void aWorkerThatIgnoresTheInterruptIsKilledAndReplacedAndTheQueueGoesOn() {
        EmbeddedChannel link = readyNode(1, 4, 0).get(0);
        submit(task("stubborn", 500, false, 0));
        submit(task("next"));
        running(link);
        test.advanceMillis(500);
        failureToClient();
        test.advance(WorkerPool.INTERRUPT_GRACE.minusMillis(1));
        assertThat(launcher.launched.get(0).killed).isFalse();
        test.advanceMillis(1);
        assertThat(launcher.launched.get(0).killed).isTrue();
        assertThat(launcher.launched).as("a replacement").hasSize(2);
        assertThat(client.outboundMessages()).as("the stopped task was answered once, at its deadline").isEmpty();

        EmbeddedChannel fresh = hello(launcher.launched.get(1));
        assertThat(running(fresh)).isEqualTo("next");
    }

    @Test
    void aTaskAnsweredInTimeKeepsNoTimer() {
        EmbeddedChannel link = readyNode(1, 4, 0).get(0);
        submit(task("quick", 500, false, 0));
        answer(link, running(link));
        assertThat(answerToClient()).isInstanceOf(Result.class);
        test.advanceMillis(1000);
        assertThat(client.outboundMessages()).isEmpty();
        assertThat(launcher.launched.get(0).interrupts).isEmpty();
    }

    @Test
    void theNodesTaskTimeoutIsTheDefaultAndTheCap() {
        readyNode(3, 4, 0, Duration.ofSeconds(2));
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
        EmbeddedChannel link = readyNode(1, 4, 0).get(0);
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
        EmbeddedChannel link = readyNode(1, 4, 0).get(0);
        submit(task("running"));
        running(link);
        dispatcher.cancel(client, new Cancel("running", true));
        assertThat(client.outboundMessages()).as("only if not started").isEmpty();
        dispatcher.cancel(client, new Cancel("running", false));
        assertThat(failureToClient().kind()).isEqualTo(ErrorKind.CANCELLED);
        assertThat(launcher.launched.get(0).interrupts).containsExactly(1);
    }

    @Test
    void aCancelOfAnUnknownOrAnsweredIdOrFromAnotherConnectionChangesNothing() {
        EmbeddedChannel link = readyNode(1, 4, 0).get(0);
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
        assertThat(launcher.launched.get(0).interrupts).isEmpty();
    }

    @Test
    void whenAClientGoesAwayItsQueuedTasksNeverStartAndItsRunningOneFinishesForNobody() {
        EmbeddedChannel link = readyNode(1, 8, 0).get(0);
        submit(task("a-running"));
        submit(task("a-queued-1"));
        submit(task("a-queued-2"));
        EmbeddedChannel other = test.channel();
        dispatcher.submit(new PendingTask(task("b-queued"), other, dispatcher.stats()));
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
        readyNode(1, 4, 0);
        submit(task("risky", 0, true, 0));
        for (int attempt = 1; attempt <= NodeConfig.DEFAULT_MAX_ATTEMPTS; attempt++) {
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
        readyNode(1, 4, 0);
        submit(task("once", 0, true, 1));
        launcher.last().exit(137);
        test.runPending();
        assertThat(failureToClient().kind()).isEqualTo(ErrorKind.WORKER_DIED);

        hello(launcher.last());
        submit(task("greedy", 0, true, 50));
        for (int death = 1; death <= NodeConfig.DEFAULT_MAX_ATTEMPTS; death++) {
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
        readyNode(1, 4, 0);
        submit(task("once"));
        launcher.launched.get(0).exit(137);
        test.runPending();
        assertThat(failureToClient().message()).doesNotContain("attempt");
    }

    // ---- no worker can start ----

    @Test
    void whenNoWorkerCanStartQueuedTasksAreAnsweredNoWorkersAfterTheBound() {
        readyNode(1, 4, 0);
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
        List<EmbeddedChannel> links = readyNode(2, 2, 0);
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

    // ---- reload: workers replaced one at a time ----

    /** Runs the pool's reload on the loop, as a control request does. */
    private CompletableFuture<Integer> reload() {
        CompletableFuture<Integer> done = pool.reload();
        test.runPending();
        return done;
    }

    /** The worker was told to go (its lifeline closed); its JVM exits. */
    private void exits(FakeProcess process) {
        assertThat(process.lifelineClosed).as("worker " + process.workerId + " told to exit").isTrue();
        process.exit(0);
        test.runPending();
    }

    @Test
    void aReloadReplacesIdleWorkersOneAtATimeEachOnceItsSuccessorIsReady() {
        readyNode(2, 4, 0);
        FakeProcess first = launcher.launched.get(0);
        FakeProcess second = launcher.launched.get(1);
        CompletableFuture<Integer> done = reload();

        assertThat(launcher.launched).as("one successor at a time").hasSize(3);
        assertThat(first.lifelineClosed).as("the old worker serves until its successor is ready").isFalse();
        EmbeddedChannel third = hello(launcher.last());
        assertThat(pool.idleCount()).as("the successor serves; the old one is gone from the idle list").isEqualTo(2);
        exits(first);
        assertThat(launcher.launched).hasSize(4);
        assertThat(second.lifelineClosed).isFalse();
        hello(launcher.last());
        exits(second);

        assertThat(done).isCompletedWithValue(2);
        assertThat(launcher.launched).hasSize(4);
        submit(task("new code"));
        assertThat(running(third)).isEqualTo("new code");
        assertThat(dispatcher.status().toTree().get("pool")).allSatisfy(worker -> assertThat(worker.get("generation").asInt()).isEqualTo(1));
    }

    @Test
    void aBusyWorkerIsReplacedAfterItsTaskAndNoTaskFails() {
        List<EmbeddedChannel> links = readyNode(1, 4, 0);
        FakeProcess old = launcher.launched.get(0);
        submit(task("running"));
        assertThat(running(links.get(0))).isEqualTo("running");
        CompletableFuture<Integer> done = reload();
        EmbeddedChannel successor = hello(launcher.last());
        submit(task("after"));
        assertThat(running(successor)).as("new tasks go to the successor").isEqualTo("after");
        assertThat(old.lifelineClosed).as("the old worker finishes its task first").isFalse();

        answer(links.get(0), "running");
        assertThat(answerToClient()).isEqualTo(new Result("running", RawJson.parse("\"done running\"")));
        exits(old);
        assertThat(done).isCompletedWithValue(1);
    }

    @Test
    void aSuccessorThatCannotStartStopsTheReloadAndTheOldWorkersStay() {
        List<EmbeddedChannel> links = readyNode(2, 4, 0);
        CompletableFuture<Integer> done = reload();
        FakeProcess successor = launcher.last();
        successor.lastOutput = "Error: Could not find or load main class";
        successor.exit(1);
        test.runPending();

        assertThat(done).isCompletedExceptionally();
        assertThat(done).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withMessageContaining("failed to start: exited with status 1")
                .withMessageContaining("0 workers had been replaced");
        assertThat(launcher.launched).as("no retry of the successor").hasSize(3);
        submit(task("still served"));
        assertThat(running(links.get(0))).isEqualTo("still served");
        assertThat(launcher.launched.get(0).lifelineClosed).isFalse();
    }

    @Test
    void aReloadIsRefusedWhenTheTaskCodeIsGoneAndNothingIsReplaced() {
        readyNode(1, 4, 0);
        launcher.codeProblem = "the task code at /srv/app.jar is not there any more";
        CompletableFuture<Integer> done = reload();
        assertThat(done).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withMessageContaining("cannot reload: the task code at /srv/app.jar is not there any more");
        assertThat(launcher.launched).hasSize(1);
    }

    @Test
    void aReloadAskedForDuringAnotherRunsAfterIt() {
        readyNode(1, 4, 0);
        CompletableFuture<Integer> first = reload();
        CompletableFuture<Integer> second = reload();
        hello(launcher.last());
        exits(launcher.launched.get(0));
        assertThat(first).isCompletedWithValue(1);
        assertThat(second).as("a new rollout has begun").isNotDone();
        assertThat(launcher.launched).hasSize(3);
        hello(launcher.last());
        exits(launcher.launched.get(1));
        assertThat(second).isCompletedWithValue(1);
    }

    @Test
    void anOldWorkerThatDiesBeforeItsSuccessorIsReadyIsNotReplacedTwice() {
        readyNode(1, 4, 0);
        CompletableFuture<Integer> done = reload();
        launcher.launched.get(0).exit(137);
        test.runPending();
        assertThat(launcher.launched).as("its successor is already starting").hasSize(2);
        hello(launcher.last());
        assertThat(done).isCompletedWithValue(1);
        assertThat(pool.idleCount()).isEqualTo(1);
    }

    // ---- drained by an operator ----

    @Test
    void aDrainedNodeTurnsNewTasksAwayFinishesWhatItHoldsAndTakesTasksAgainWhenUndrained() {
        List<EmbeddedChannel> links = readyNode(1, 4, 0);
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
