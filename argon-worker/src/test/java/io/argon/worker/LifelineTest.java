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

    private Lifeline watching() throws IOException {
        Lifeline lifeline = new Lifeline();
        lifeline.watch(new PipedInputStream(node), ended::countDown);
        return lifeline;
    }

    @Test
    void anInterruptReachesTheTaskItNames() throws Exception {
        Lifeline lifeline = watching();
        lifeline.started("3");
        lifeline.cancelsTo((id, ifNotStarted) -> lifeline.interrupt(id)); // what the worker's loop does for a running task
        node.write(Lifeline.cancelLine("3"));
        node.flush();
        boolean interrupted = false;
        try {
            Thread.sleep(10_000); // the task: stopped by the interrupt, not by the end of its sleep
        } catch (InterruptedException e) {
            interrupted = true;
        }
        lifeline.finished();
        assertThat(interrupted).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void anInterruptForAnotherTaskOrBetweenTasksIsDropped() throws Exception {
        Lifeline lifeline = watching();
        lifeline.started("4");
        assertThat(lifeline.interrupt("3")).isFalse(); // the one before, already finished
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        lifeline.finished();
        assertThat(lifeline.interrupt("4")).isFalse(); // too late: task 4 has finished
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void anInterruptThatLandsAsTheTaskFinishesIsClearedBeforeTheWorkerTouchesItsLink() {
        Lifeline lifeline = new Lifeline();
        lifeline.started("1");
        assertThat(lifeline.interrupt("1")).isTrue();
        lifeline.finished();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aLineSaysWhetherToTakeBackOnlyOrAlsoToInterrupt() throws Exception {
        Lifeline lifeline = watching();
        java.util.concurrent.BlockingQueue<String> heard = new java.util.concurrent.LinkedBlockingQueue<>();
        lifeline.cancelsTo((id, ifNotStarted) -> heard.add(ifNotStarted ? id + " if not started" : id));
        node.write(Lifeline.takeBackLine("7"));
        node.write(Lifeline.cancelLine("8"));
        node.flush();
        assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("7 if not started");
        assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("8");
    }

    @Test
    void theEndOfStdinIsTheEndOfTheWorker() throws Exception {
        watching();
        node.close();
        assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
    }
}
