package io.argon.node;

import static io.argon.node.FakeWorkers.answer;
import static org.assertj.core.api.Assertions.assertThat;

import io.argon.core.net.TestLoop;
import io.argon.node.FakeLauncher.FakeProcess;
import io.argon.node.WorkerRestarts.Reason;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the pool tells its source when a worker ends, which {@code argon_worker_restarts_total} counts: why, once per worker. */
class WorkerRestartsTest {
    private final TestLoop test = new TestLoop();
    private final FakeWorkers workers = new FakeWorkers(test);
    private final RecordingWorkSource source = new RecordingWorkSource(test);
    private WorkerPool pool;

    @AfterEach
    void close() {
        test.close();
    }

    private List<EmbeddedChannel> readyPool(int size, int recycleAfter) {
        pool = source.pool(size, recycleAfter, workers.launcher);
        pool.start();
        test.runPending();
        return workers.helloAll(pool);
    }

    @Test
    void aWorkerThatDiesRunningATaskOrIdleCrashed() {
        readyPool(2, 0);
        source.offer("doomed");
        workers.exit(workers.get(0), 137);
        workers.exit(workers.get(1), 1);
        assertThat(source.ended).containsExactly(Reason.CRASHED, Reason.CRASHED);
    }

    @Test
    void aWorkerKilledForIgnoringAnInterruptHung() {
        readyPool(1, 0);
        pool.stopTask(source.offer("stubborn"), "was cancelled");
        test.advance(WorkerPool.INTERRUPT_GRACE);
        assertThat(workers.get(0).killed).isTrue();
        workers.exit(workers.get(0), 137);
        assertThat(source.ended).containsExactly(Reason.HUNG);
    }

    @Test
    void aWorkerThatRanItsQuotaWasRecycled() {
        EmbeddedChannel link = readyPool(1, 1).get(0);
        source.offer("last");
        answer(link, "last");
        workers.exit(workers.get(0), 0);
        assertThat(source.ended).containsExactly(Reason.RECYCLED);
    }

    @Test
    void aWorkerReplacedByAReloadIsCountedSoAndAFailedStartSo() {
        readyPool(1, 0);
        pool.reload();
        test.runPending();
        FakeProcess successor = workers.last();
        workers.hello(pool, successor);
        workers.exit(workers.get(0), 0);
        assertThat(source.ended).containsExactly(Reason.RELOAD);

        pool.reload();
        test.runPending();
        workers.exit(workers.last(), 1); // the next successor dies before its hello
        assertThat(source.ended).containsExactly(Reason.RELOAD, Reason.FAILED_START);
    }

    @Test
    void workersEndedByTheNodeStoppingAreNotCounted() {
        readyPool(2, 0);
        pool.stop("the node is stopping");
        test.runPending();
        workers.exit(workers.get(0), 0);
        workers.exit(workers.get(1), 143);
        assertThat(source.ended).isEmpty();
    }
}
