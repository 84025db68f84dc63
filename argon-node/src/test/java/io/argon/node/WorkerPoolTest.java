package io.argon.node;

import static io.argon.node.FakeWorkers.answer;
import static io.argon.node.FakeWorkers.cancels;
import static io.argon.node.FakeWorkers.giveBack;
import static io.argon.node.FakeWorkers.reply;
import static io.argon.node.FakeWorkers.running;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.argon.core.net.TestLoop;
import io.argon.node.FakeLauncher.FakeProcess;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Hello;
import io.argon.protocol.Json;
import io.argon.protocol.RawJson;
import io.argon.protocol.Result;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker pool on its own: workers are fake processes that say hello over embedded links
 * when the test says so, the tasks come from a recording work source, and the clock moves
 * only when the test moves it. No JVM is forked and nothing sleeps.
 */
class WorkerPoolTest {
    private final TestLoop test = new TestLoop();
    private final FakeWorkers workers = new FakeWorkers(test);
    private final RecordingWorkSource source = new RecordingWorkSource(test);
    private WorkerPool pool;
    private CompletableFuture<Void> started;

    @AfterEach
    void close() {
        test.close();
    }

    private void startPool(int size, int recycleAfter) {
        pool = source.pool(size, recycleAfter, workers.launcher);
        started = pool.start();
        test.runPending();
    }

    /** A pool whose workers have all said hello; returns their links, in worker order. */
    private List<EmbeddedChannel> readyPool(int size, int recycleAfter) {
        startPool(size, recycleAfter);
        List<EmbeddedChannel> links = workers.helloAll(pool);
        assertThat(started).isCompleted();
        return links;
    }

    private EmbeddedChannel hello(FakeProcess process) {
        return workers.hello(pool, process);
    }

    private NodeTask offer(String id) {
        return source.offer(id);
    }

    // ---- tasks on workers ----

    @Test
    void aTaskGoesToAnIdleWorkerAndItsAnswerBackToTheSource() {
        List<EmbeddedChannel> links = readyPool(2, 0);
        NodeTask a = offer("a");
        offer("b");
        assertThat(running(links.get(0))).isEqualTo("a");
        assertThat(running(links.get(1))).isEqualTo("b");
        assertThat(a.place()).as("the task knows its worker").hasToString("worker 1 [pid 1000]");
        assertThat(pool.busyCount()).isEqualTo(2);
        assertThat(pool.idleCount()).isZero();

        answer(links.get(1), "b");
        assertThat(source.answered).containsExactly("b");
        assertThat(pool.busyCount()).isEqualTo(1);
        offer("c");
        assertThat(running(links.get(1))).as("the worker that came free").isEqualTo("c");
    }

    @Test
    void anAnswerToATaskTheWorkerIsNotRunningIsIgnored() {
        EmbeddedChannel link = readyPool(1, 0).get(0);
        offer("real");
        answer(link, "forged");
        assertThat(source.answered).isEmpty();
        assertThat(pool.busyCount()).isEqualTo(1);
    }

    // ---- windows ----

    /** The worker runs a task of {@code micros} µs: its estimate learns how long its tasks take. */
    private void shortTask(EmbeddedChannel link, String id, long micros) {
        offer(id);
        assertThat(running(link)).isEqualTo(id);
        answer(link, id, micros * 1000);
    }

    /** A pool of one worker (recycled after {@code recycleAfter} tasks) that has run one task of 10 µs. */
    private EmbeddedChannel oneShortWorker(int recycleAfter) {
        EmbeddedChannel link = readyPool(1, recycleAfter).get(0);
        shortTask(link, "warm", 10);
        return link;
    }

    /** A pool of two workers that have each run one task of 10 µs. */
    private List<EmbeddedChannel> twoShortWorkers() {
        List<EmbeddedChannel> links = readyPool(2, 0);
        shortTask(links.get(0), "warm a", 10);
        shortTask(links.get(1), "warm b", 10);
        return links;
    }

    @Test
    void aWorkerWithoutAnEstimateHoldsOneTaskThenAsManyShortOnesAsFitInTwoMilliseconds() {
        EmbeddedChannel link = readyPool(1, 0).get(0);
        offer("first");
        offer("second");
        assertThat(running(link)).isEqualTo("first");
        assertThat(running(link)).as("no estimate yet: a window of one").isNull();
        answer(link, "first", 500_000);
        assertThat(running(link)).isEqualTo("second");
        for (int i = 0; i < 5; i++) {
            offer("more " + i);
        }
        assertThat(source.waiting).as("500 µs a task: a window of four").hasSize(2);
        assertThat(List.of(running(link), running(link), running(link))).containsExactly("more 0", "more 1", "more 2");

        // The worker answers a run of them at once, in order; each answer makes room for one more.
        answer(link, "second", 500_000);
        answer(link, "more 0", 500_000);
        assertThat(List.of(running(link), running(link))).containsExactly("more 3", "more 4");
        assertThat(source.answered).containsExactly("first", "second", "more 0");
    }

    @Test
    void aWorkerWhoseTasksTakeSeveralMillisecondsHoldsOneAtATime() {
        EmbeddedChannel link = readyPool(1, 0).get(0);
        shortTask(link, "slow", 5000);
        offer("a");
        offer("b");
        assertThat(running(link)).isEqualTo("a");
        assertThat(running(link)).isNull();
        assertThat(source.waiting).hasSize(1);
    }

    @Test
    void anIdleWorkerComesFirstThenTheOneWithTheFewestTasks() {
        List<EmbeddedChannel> links = twoShortWorkers();
        for (int i = 0; i < 6; i++) {
            offer("t" + i);
        }
        assertThat(List.of(running(links.get(0)), running(links.get(0)), running(links.get(0)))).containsExactly("t0", "t2", "t4");
        assertThat(List.of(running(links.get(1)), running(links.get(1)), running(links.get(1)))).containsExactly("t1", "t3", "t5");
    }

    @Test
    void tasksWaitingBehindALongOneAreTakenBackWhenAnotherWorkerIsIdle() {
        List<EmbeddedChannel> links = twoShortWorkers();
        EmbeddedChannel a = links.get(0);
        EmbeddedChannel b = links.get(1);
        offer("long");
        offer("quick");
        offer("behind 1");
        offer("behind 2");
        assertThat(running(a)).isEqualTo("long");
        assertThat(running(b)).isEqualTo("quick");
        assertThat(List.of(running(a), running(b))).containsExactly("behind 1", "behind 2");

        answer(b, "quick");
        answer(b, "behind 2");
        assertThat(pool.idleCount()).isEqualTo(1);
        assertThat(cancels(a)).as("the long task has not run long enough to count as long").isEmpty();
        test.advance(TaskRecall.STUCK_AFTER_AT_LEAST);
        assertThat(cancels(a)).as("taken back only if it has not started").containsExactly("behind 1 if not started");

        giveBack(a, "behind 1");
        assertThat(source.takenBack).containsExactly("behind 1");
        assertThat(source.answered).doesNotContain("behind 1");
        answer(a, "long");
        assertThat(source.answered).containsExactly("warm a", "warm b", "quick", "behind 2", "long");
    }

    @Test
    void aTaskTheWorkerStartedBeforeItWasAskedBackIsAnsweredAsUsual() {
        List<EmbeddedChannel> links = twoShortWorkers();
        offer("long");
        offer("idle soon");
        offer("behind");
        answer(links.get(1), "idle soon");
        test.advance(TaskRecall.STUCK_AFTER_AT_LEAST);
        assertThat(cancels(links.get(0))).containsExactly("behind if not started");
        answer(links.get(0), "long");
        answer(links.get(0), "behind"); // it had started: the worker runs it and answers it
        assertThat(source.takenBack).isEmpty();
        assertThat(source.answered).endsWith("long", "behind");
    }

    @Test
    void aTaskStoppedWhileItWaitsInAWindowIsDroppedByItsWorkerWhichStaysAlive() {
        EmbeddedChannel link = oneShortWorker(0);
        offer("running");
        NodeTask waiting = offer("waiting");
        pool.stopTask(waiting, "was cancelled");
        assertThat(cancels(link)).containsExactly("waiting");
        giveBack(link, "waiting");
        assertThat(source.takenBack).as("it was answered already").isEmpty();
        test.advance(WorkerPool.INTERRUPT_GRACE);
        assertThat(workers.get(0).killed).isFalse();
        answer(link, "running");
        assertThat(source.answered).containsExactly("warm", "running");
    }

    @Test
    void aWorkerThatDiesCostsEveryTaskInItsWindow() {
        EmbeddedChannel link = oneShortWorker(0);
        offer("running");
        offer("next");
        offer("last");
        workers.exit(workers.get(0), 137);
        assertThat(source.died).hasSize(3);
        assertThat(source.died.get(0)).startsWith("running: worker 1 [pid 1000] died while running the task: killed by signal 9");
        assertThat(source.died.get(1)).startsWith("next: worker 1 [pid 1000] died with the task in its window (it may have run)");
        assertThat(source.died.get(2)).startsWith("last: ");
    }

    @Test
    void aRecycledWorkerTakesNoMoreThanItsQuotaWhateverRoomItsWindowHas() {
        EmbeddedChannel link = oneShortWorker(3);
        offer("two");
        offer("three");
        offer("four");
        assertThat(Arrays.asList(running(link), running(link), running(link))).containsExactly("two", "three", null);
        assertThat(workers.forked()).as("its successor boots while it runs its last tasks").isEqualTo(2);
        assertThat(source.waiting).extracting(task -> task.request().id()).containsExactly("four");
    }

    @Test
    void tasksWithTheSameIdFromTwoClientsAreToldApartInOneWindow() {
        EmbeddedChannel link = oneShortWorker(0); // the worker's task 1
        NodeTask first = offer("1"); // its task 2
        NodeTask second = offer("1"); // its task 3
        assertThat(List.of(running(link), running(link))).containsExactly("1", "1");
        pool.stopTask(second, "was cancelled");
        link.writeInbound(Failure.of("3", ErrorKind.CANCELLED, "taken back before it started"));
        assertThat(source.answeredTasks).as("the second one's drop is not the first one's answer").doesNotContain(first);
        link.writeInbound(new Result("2", RawJson.NULL));
        assertThat(source.answeredTasks).endsWith(first);
        assertThat(source.answered).endsWith("1");
    }

    // ---- workers that die, start badly, or retire ----

    @Test
    void aWorkerThatDiesMidTaskCostsThatTaskOnlyAndIsReplacedAtOnce() {
        List<EmbeddedChannel> links = readyPool(2, 0);
        offer("doomed");
        offer("fine");
        FakeProcess first = workers.get(0);
        first.lastOutput = "Terminating due to java.lang.OutOfMemoryError: Java heap space";
        workers.exit(first, 3);

        assertThat(source.died).singleElement().asString()
                .startsWith("doomed: worker 1 [pid 1000] died while running the task: exited with status 3")
                .contains("it last printed: Terminating due to java.lang.OutOfMemoryError");
        assertThat(workers.forked()).as("a replacement").isEqualTo(3);
        assertThat(pool.busyCount()).isEqualTo(1);

        answer(links.get(1), "fine");
        assertThat(source.answered).containsExactly("fine");
    }

    @Test
    void aKilledWorkerIsNamedWithItsSignal() {
        readyPool(1, 0);
        offer("t");
        workers.exit(workers.get(0), 137);
        assertThat(source.died).singleElement().asString().contains("killed by signal 9 (SIGKILL)").doesNotContain("last printed");
    }

    @Test
    void aWorkerThatCannotStartDuringStartFailsTheStartWithItsLastWords() {
        startPool(2, 0);
        hello(workers.get(1));
        FakeProcess bad = workers.get(0);
        bad.lastOutput = "Unrecognized VM option 'UseNoSuchGC'";
        workers.exit(bad, 1);

        assertThat(started).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withMessageContaining("worker 1 failed to start: exited with status 1; it last printed: Unrecognized VM option");
    }

    @Test
    void workersThatKeepFailingToStartAreRetriedWithGrowingDelaysUntilOneSaysHello() {
        readyPool(1, 0);
        workers.exit(workers.get(0), 1);
        assertThat(workers.forked()).as("a worker that was serving is replaced at once").isEqualTo(2);

        for (long delay : new long[] {250, 500, 1000, 2000}) {
            workers.exit(workers.last(), 1); // dies before its hello
            int before = workers.forked();
            test.advanceMillis(delay - 1);
            assertThat(workers.forked()).as("no retry before %d ms", delay).isEqualTo(before);
            test.advanceMillis(1);
            assertThat(workers.forked()).as("a retry after %d ms", delay).isEqualTo(before + 1);
        }

        // Once one starts, the delay starts again from the first.
        hello(workers.last());
        workers.exit(workers.last(), 1);
        workers.exit(workers.last(), 1);
        int before = workers.forked();
        test.advanceMillis(250);
        assertThat(workers.forked()).isEqualTo(before + 1);
    }

    @Test
    void aForkThatFailsIsRetriedLikeACrash() {
        readyPool(1, 0);
        workers.launcher.failNextWith = "Cannot run program: too many processes";
        workers.exit(workers.get(0), 1);
        assertThat(workers.forked()).isEqualTo(1);
        test.advanceMillis(250);
        assertThat(workers.forked()).isEqualTo(2);
    }

    @Test
    void whenNoWorkerCanStartForThePatienceTheSourceIsToldWhyAndTheNextHelloEndsIt() {
        readyPool(1, 0);
        workers.exit(workers.get(0), 1);
        FakeProcess replacement = workers.last();
        replacement.lastOutput = "Error: Could not find or load main class io.argon.worker.WorkerMain";
        workers.exit(replacement, 1);
        assertThat(pool.unavailableReason()).as("not yet: it has only just begun").isNull();

        test.advance(WorkerPool.NO_WORKERS_PATIENCE.minusMillis(1));
        assertThat(source.noWorkers).isEmpty();
        test.advanceMillis(1);
        assertThat(source.noWorkers).singleElement().asString()
                .contains("no worker has been able to start for 10 s")
                .contains("worker 2 failed to start: exited with status 1; it last printed: Error: Could not find or load main class");
        assertThat(pool.unavailableReason()).isNotNull();

        workers.launcher.launched.stream().filter(p -> !p.exited.isDone()).forEach(p -> hello(p));
        assertThat(pool.unavailableReason()).isNull();
    }

    @Test
    void aWorkerThatNeverSaysHelloIsKilledAfterTheHelloTimeout() {
        startPool(1, 0);
        FakeProcess silent = workers.get(0);
        test.advance(WorkerPool.HELLO_TIMEOUT.minusMillis(1));
        assertThat(silent.killed).isFalse();
        test.advanceMillis(1);
        assertThat(silent.killed).isTrue();
        test.runPending(); // the exit it causes
        assertThat(started).isCompletedExceptionally();
    }

    @Test
    void aWorkerThatClosesItsLinkButKeepsRunningIsKilledASecondLater() {
        EmbeddedChannel link = readyPool(1, 0).get(0);
        link.close();
        test.advance(WorkerPool.UNLINKED_GRACE.minusMillis(1));
        assertThat(workers.get(0).killed).isFalse();
        test.advanceMillis(1);
        assertThat(workers.get(0).killed).isTrue();
    }

    @Test
    void anImpostorHelloIsRefused() {
        startPool(1, 0);
        FakeProcess process = workers.get(0);
        EmbeddedChannel impostor = test.channel(new WorkerLinkHandler(pool));
        impostor.writeInbound(new Hello("hello", process.workerId, process.pid + 1));
        assertThat(impostor.isOpen()).isFalse();
        assertThat(started).isNotDone();
    }

    @Test
    void aRecycledWorkersSuccessorBootsDuringItsLastTaskAndTakesOver() {
        EmbeddedChannel old = readyPool(1, 2).get(0);
        offer("one");
        answer(old, running(old));
        assertThat(workers.forked()).isEqualTo(1);

        offer("two");
        assertThat(running(old)).isEqualTo("two");
        assertThat(workers.forked()).as("the successor starts with the last task").isEqualTo(2);
        offer("three");
        assertThat(source.waiting).hasSize(1);

        answer(old, "two");
        FakeProcess retired = workers.get(0);
        assertThat(retired.lifelineClosed).isTrue();
        assertThat(old.isOpen()).isFalse();

        EmbeddedChannel successor = hello(workers.get(1));
        assertThat(running(successor)).isEqualTo("three");
        workers.exit(retired, 0);
        assertThat(workers.forked()).as("a retired worker's exit is not a crash").isEqualTo(2);
    }

    // ---- stopping tasks, and the pool ----

    @Test
    void aTaskStoppedForItsClientIsInterruptedAndItsWorkerReusedIfItStops() {
        EmbeddedChannel link = readyPool(1, 0).get(0);
        NodeTask slow = offer("slow");
        offer("next");
        running(link);
        pool.stopTask(slow, "ran past its timeout of 500 ms");
        FakeProcess worker = workers.get(0);
        assertThat(cancels(link)).as("taken back, or interrupted if it runs").containsExactly("slow");

        // The task stops when interrupted; what the worker then says about it is not passed on.
        reply(link, "slow", ordinal -> new Result(ordinal, RawJson.NULL));
        assertThat(source.answered).isEmpty();
        assertThat(running(link)).isEqualTo("next");
        test.advance(WorkerPool.INTERRUPT_GRACE);
        assertThat(worker.killed).isFalse();
        assertThat(workers.forked()).isEqualTo(1);
    }

    @Test
    void aWorkerThatIgnoresTheInterruptIsKilledAndReplacedAndTheNextTaskWaitsForTheReplacement() {
        EmbeddedChannel link = readyPool(1, 0).get(0);
        NodeTask stubborn = offer("stubborn");
        offer("next");
        running(link);
        pool.stopTask(stubborn, "was cancelled");
        test.advance(WorkerPool.INTERRUPT_GRACE.minusMillis(1));
        assertThat(workers.get(0).killed).isFalse();
        test.advanceMillis(1);
        assertThat(workers.get(0).killed).isTrue();
        assertThat(workers.forked()).as("a replacement").isEqualTo(2);
        assertThat(source.died).as("the stopped task was answered already; its worker's death costs it nothing more").isEmpty();

        EmbeddedChannel fresh = hello(workers.get(1));
        assertThat(running(fresh)).isEqualTo("next");
    }

    @Test
    void stoppingFailsRunningTasksReleasesEveryWorkerAndKillsThoseThatLinger() {
        readyPool(2, 0);
        offer("cut short");
        CompletableFuture<Void> stopped = pool.stop("the node shut down");
        test.runPending();

        assertThat(source.died).containsExactly("cut short: the node shut down");
        assertThat(workers.launcher.launched).allSatisfy(process -> assertThat(process.lifelineClosed).isTrue());
        assertThat(pool.isStopping()).isTrue();

        workers.exit(workers.get(0), 0);
        assertThat(stopped).isNotDone();
        test.advance(WorkerPool.STOP_GRACE);
        assertThat(workers.get(1).killed).isTrue();
        test.runPending();
        assertThat(stopped).isCompleted();
        assertThat(workers.forked()).as("nothing is replaced while stopping").isEqualTo(2);
    }

    @Test
    void eachWorkerDescribesWhatItDoesAndHasDone() {
        List<EmbeddedChannel> links = readyPool(2, 0);
        offer("a");
        test.advanceMillis(250);
        answer(links.get(0), running(links.get(0)));
        offer("b");
        test.advanceMillis(100);
        ArrayNode described = Json.MAPPER.createArrayNode();
        pool.describe(described);
        assertThat(described).hasSize(2);
        JsonNode first = described.get(0);
        assertThat(first.get("id").asInt()).isEqualTo(1);
        assertThat(first.get("pid").asLong()).isEqualTo(1000);
        assertThat(first.get("state").asText()).isEqualTo("idle");
        assertThat(first.get("tasks_done").asInt()).isEqualTo(1);
        assertThat(first.has("task")).isFalse();
        assertThat(first.get("uptime_ms").asLong()).isEqualTo(350);
        assertThat(first.get("rss_bytes").asLong()).isEqualTo(40L << 20);
        assertThat(first.get("generation").asInt()).isZero();
        JsonNode second = described.get(1);
        assertThat(second.get("state").asText()).as("the worker idle longest took b").isEqualTo("busy");
        assertThat(second.get("tasks_done").asInt()).isZero();
        assertThat(second.get("task").get("id").asText()).isEqualTo("b");
        assertThat(second.get("task").get("class").asText()).isEqualTo("io.argon.examples.SampleTask");
        assertThat(second.get("task").get("running_ms").asLong()).isEqualTo(100);
        assertThat(pool.pids()).containsExactly(1000L, 1001L);
    }
}
