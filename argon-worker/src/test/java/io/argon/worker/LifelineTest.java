package io.argon.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LifelineTest {
    private final PipedOutputStream node = new PipedOutputStream();
    private final CountDownLatch ended = new CountDownLatch(1);

    private Lifeline watching(Thread taskThread) throws IOException {
        Lifeline lifeline = new Lifeline(taskThread);
        lifeline.watch(new PipedInputStream(node), ended::countDown);
        return lifeline;
    }

    @Test
    void anInterruptReachesTheTaskItNames() throws Exception {
        Lifeline lifeline = watching(Thread.currentThread());
        lifeline.started("3");
        Thread reader = new Thread(() -> lifeline.interrupt("3")); // the link's reader, on the node's cancel
        reader.start();
        boolean interrupted = false;
        try {
            Thread.sleep(10_000); // the task: stopped by the interrupt, not by the end of its sleep
        } catch (InterruptedException e) {
            interrupted = true;
        }
        lifeline.finished();
        reader.join();
        assertThat(interrupted).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void anInterruptForAnotherTaskOrBetweenTasksIsDropped() throws Exception {
        Lifeline lifeline = watching(Thread.currentThread());
        lifeline.started("4");
        assertThat(lifeline.interrupt("3")).isFalse(); // the one before, already finished
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        lifeline.finished();
        assertThat(lifeline.interrupt("4")).isFalse(); // too late: task 4 has finished
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void anInterruptThatLandsAsTheTaskFinishesIsClearedBeforeTheWorkerTouchesItsLink() {
        Lifeline lifeline = new Lifeline(Thread.currentThread());
        lifeline.started("1");
        assertThat(lifeline.interrupt("1")).isTrue();
        lifeline.finished();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void theEndOfStdinIsTheEndOfTheWorker() throws Exception {
        watching(Thread.currentThread());
        node.close();
        assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
    }
}
