package io.argon.node;

import static io.argon.node.FakeWorkers.answer;
import static io.argon.node.FakeWorkers.running;
import static org.assertj.core.api.Assertions.assertThat;

import io.argon.core.net.TestLoop;
import io.argon.node.FakeLauncher.FakeProcess;
import io.argon.protocol.Json;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node's reload, rolled out over a pool of fake workers: each successor is forked while the
 * old worker serves, the old one retires once the successor says hello, one at a time. The
 * clock moves only when the test moves it; nothing is forked and nothing sleeps.
 */
class WorkerRolloutTest {
    private final TestLoop test = new TestLoop();
    private final FakeWorkers workers = new FakeWorkers(test);
    private final RecordingWorkSource source = new RecordingWorkSource(test);
    private WorkerPool pool;

    @AfterEach
    void close() {
        test.close();
    }

    private List<EmbeddedChannel> readyPool(int size) {
        pool = source.pool(size, 0, workers.launcher);
        pool.start();
        test.runPending();
        return workers.helloAll(pool);
    }

    /** Asks for a reload on the loop, as a control request does. */
    private CompletableFuture<Integer> reload() {
        CompletableFuture<Integer> done = pool.reload();
        test.runPending();
        return done;
    }

    private EmbeddedChannel hello(FakeProcess process) {
        return workers.hello(pool, process);
    }

    /** The worker was told to go (its lifeline closed); its JVM exits. */
    private void exits(FakeProcess process) {
        assertThat(process.lifelineClosed).as("worker " + process.workerId + " told to exit").isTrue();
        workers.exit(process, 0);
    }

    private List<Integer> generations() {
        var described = Json.MAPPER.createArrayNode();
        pool.describe(described);
        return described.findValues("generation").stream().map(node -> node.asInt()).toList();
    }

    @Test
    void idleWorkersAreReplacedOneAtATimeEachOnceItsSuccessorIsReady() {
        readyPool(2);
        FakeProcess first = workers.get(0);
        FakeProcess second = workers.get(1);
        CompletableFuture<Integer> done = reload();
        assertThat(pool.isReloading()).isTrue();

        assertThat(workers.forked()).as("one successor at a time").isEqualTo(3);
        assertThat(first.lifelineClosed).as("the old worker serves until its successor is ready").isFalse();
        EmbeddedChannel third = hello(workers.last());
        assertThat(pool.idleCount()).as("the successor serves; the old one is gone from the idle list").isEqualTo(2);
        exits(first);
        assertThat(workers.forked()).isEqualTo(4);
        assertThat(second.lifelineClosed).isFalse();
        hello(workers.last());
        exits(second);

        assertThat(done).isCompletedWithValue(2);
        assertThat(pool.isReloading()).isFalse();
        assertThat(workers.forked()).isEqualTo(4);
        source.offer("new code");
        assertThat(running(third)).isEqualTo("new code");
        assertThat(generations()).containsExactly(1, 1);
    }

    @Test
    void aBusyWorkerIsReplacedAfterItsTaskAndNoTaskFails() {
        List<EmbeddedChannel> links = readyPool(1);
        FakeProcess old = workers.get(0);
        source.offer("running");
        assertThat(running(links.get(0))).isEqualTo("running");
        CompletableFuture<Integer> done = reload();
        EmbeddedChannel successor = hello(workers.last());
        source.offer("after");
        assertThat(running(successor)).as("new tasks go to the successor").isEqualTo("after");
        assertThat(old.lifelineClosed).as("the old worker finishes its task first").isFalse();

        answer(links.get(0), "running");
        assertThat(source.answered).containsExactly("running");
        assertThat(source.died).isEmpty();
        exits(old);
        assertThat(done).isCompletedWithValue(1);
    }

    @Test
    void aSuccessorThatCannotStartStopsTheReloadAndTheOldWorkersStay() {
        List<EmbeddedChannel> links = readyPool(2);
        CompletableFuture<Integer> done = reload();
        FakeProcess successor = workers.last();
        successor.lastOutput = "Error: Could not find or load main class";
        workers.exit(successor, 1);

        assertThat(done).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withMessageContaining("failed to start: exited with status 1")
                .withMessageContaining("0 workers had been replaced");
        assertThat(workers.forked()).as("no retry of the successor").isEqualTo(3);
        source.offer("still served");
        assertThat(running(links.get(0))).isEqualTo("still served");
        assertThat(workers.get(0).lifelineClosed).isFalse();
        assertThat(generations()).as("the old code keeps running").containsExactly(0, 0);
    }

    @Test
    void aReloadIsRefusedWhenTheTaskCodeIsGoneAndNothingIsReplaced() {
        readyPool(1);
        workers.launcher.codeProblem = "the task code at /srv/app.jar is not there any more";
        CompletableFuture<Integer> done = reload();
        assertThat(done).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withMessageContaining("cannot reload: the task code at /srv/app.jar is not there any more");
        assertThat(workers.forked()).isEqualTo(1);
    }

    @Test
    void aReloadAskedForDuringAnotherRunsAfterIt() {
        readyPool(1);
        CompletableFuture<Integer> first = reload();
        CompletableFuture<Integer> second = reload();
        hello(workers.last());
        exits(workers.get(0));
        assertThat(first).isCompletedWithValue(1);
        assertThat(second).as("a new rollout has begun").isNotDone();
        assertThat(workers.forked()).isEqualTo(3);
        hello(workers.last());
        exits(workers.get(1));
        assertThat(second).isCompletedWithValue(1);
        assertThat(generations()).containsExactly(2);
    }

    @Test
    void anOldWorkerThatDiesBeforeItsSuccessorIsReadyIsNotReplacedTwice() {
        readyPool(1);
        CompletableFuture<Integer> done = reload();
        workers.exit(workers.get(0), 137);
        assertThat(workers.forked()).as("its successor is already starting").isEqualTo(2);
        hello(workers.last());
        assertThat(done).isCompletedWithValue(1);
        assertThat(pool.idleCount()).isEqualTo(1);
    }

    @Test
    void anOldWorkerThatDiedBeforeItsSuccessorFailedToStartIsReplacedTheUsualWay() {
        readyPool(1);
        CompletableFuture<Integer> done = reload();
        workers.exit(workers.get(0), 137);
        workers.exit(workers.last(), 1);
        assertThat(done).isCompletedExceptionally();
        assertThat(workers.forked()).as("a plain replacement for the dead one").isEqualTo(3);
        hello(workers.last());
        assertThat(pool.idleCount()).isEqualTo(1);
    }

    @Test
    void stoppingEndsTheRolloutAndRefusesTheNext() {
        readyPool(1);
        CompletableFuture<Integer> rolling = reload();
        CompletableFuture<Integer> queued = reload();
        pool.stop("the node stops");
        test.runPending();
        assertThat(rolling).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withMessageContaining("the node is stopping");
        assertThat(queued).isCompletedExceptionally();
        assertThat(pool.reload()).isCompletedExceptionally();
    }
}
