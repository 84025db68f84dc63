package io.argon.node;

import io.argon.core.daemon.LogFields;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets tasks back out of workers' windows: the part of the {@link WorkerPool} that undoes a
 * send.
 *
 * <ul>
 * <li>A task answered for its worker (its deadline passed, it was cancelled) is
 * {@linkplain #stop stopped}: the worker drops it if it has not started it, and interrupts it
 * if it runs it. If it still holds it {@link WorkerPool#INTERRUPT_GRACE} later, it is killed.
 * <li>A short task must not wait in a window behind a long one while another worker is idle.
 * When a worker is idle and nothing waits in the node's queue, {@link #rebalance()} asks each
 * worker whose running task has run for {@link #stuckAfterNanos longer than expected} to give
 * back the tasks behind it that it has not started; they go back to the head of the queue
 * and to the idle worker. A worker whose task has not yet run that long is looked at again
 * when it will have.
 * </ul>
 *
 * <p>On the node's loop, like the pool.
 */
final class TaskRecall {
    /** However short a worker's tasks, one that has run this long is taken for a long one. */
    static final Duration STUCK_AFTER_AT_LEAST = Duration.ofMillis(2);
    /** A task is taken for a long one when it has run this many times its worker's average. */
    static final int STUCK_AFTER_AVERAGES = 4;
    private static final Logger log = LoggerFactory.getLogger(TaskRecall.class);

    private final EventLoop loop;
    private final Collection<Worker> workers;
    /** Whether a worker is idle with nothing queued for it: the only time taking back helps. */
    private final BooleanSupplier idleWorkerWaits;
    private ScheduledFuture<?> lookAgain;
    private long lookAgainAtNanos;

    TaskRecall(EventLoop loop, Collection<Worker> workers, BooleanSupplier idleWorkerWaits) {
        this.loop = loop;
        this.workers = workers;
        this.idleWorkerWaits = idleWorkerWaits;
    }

    /**
     * Stops a task that has already been answered (its deadline passed, or it was cancelled):
     * its worker drops it or interrupts it, and is killed (and replaced) if it still holds it
     * after {@link WorkerPool#INTERRUPT_GRACE}.
     */
    void stop(NodeTask task, String why) {
        assert loop.inEventLoop();
        Worker worker = task.place();
        SentTask sent = worker == null ? null : find(worker, task);
        if (sent == null || sent.isStopping()) {
            return;
        }
        LogFields.about(log.atWarn(), task).addKeyValue(LogFields.WORKER_PID, worker.pid())
                .log("{} on {} {}; {}", task.describe(), worker, why,
                        worker.task() == task ? "interrupting it" : "taking it out of the worker's window");
        worker.stop(sent);
        loop.schedule(() -> {
            if (worker.state() != Worker.State.DEAD && worker.window().contains(sent)) {
                LogFields.about(log.atWarn(), task).addKeyValue(LogFields.WORKER_PID, worker.pid())
                        .log("{} did not stop {} within {} ms of an interrupt; killing its JVM", worker, task.describe(),
                                WorkerPool.INTERRUPT_GRACE.toMillis());
                worker.process.kill();
            }
        }, WorkerPool.INTERRUPT_GRACE.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * A worker is idle and nothing is queued for it: takes back the unstarted tasks of every
     * worker stuck on a long task, and looks again when the next one will count as stuck.
     */
    void rebalance() {
        assert loop.inEventLoop();
        if (!idleWorkerWaits.getAsBoolean()) {
            return;
        }
        long now = loop.ticker().nanoTime();
        long next = Long.MAX_VALUE;
        for (Worker worker : workers) {
            if (worker.window().size() < 2) {
                continue; // nothing behind its task (the common case: looked at each time a worker goes idle)
            }
            List<SentTask> waiting = waitingBehindItsTask(worker);
            if (waiting.isEmpty()) {
                continue;
            }
            long stuckAt = worker.runningSinceNanos() + stuckAfterNanos(worker);
            if (now >= stuckAt) {
                log.debug("{} has run {} for {} ms; taking back the {} tasks behind it for an idle worker", worker,
                        worker.task().describe(), TimeUnit.NANOSECONDS.toMillis(now - worker.runningSinceNanos()), waiting.size());
                waiting.forEach(worker::takeBack);
            } else {
                next = Math.min(next, stuckAt);
            }
        }
        if (next != Long.MAX_VALUE) {
            lookAgainAt(next, now);
        }
    }

    /** How long a worker's running task may run before the tasks behind it are taken back. */
    static long stuckAfterNanos(Worker worker) {
        long average = worker.estimate().averageNanos();
        return Math.max(STUCK_AFTER_AT_LEAST.toNanos(), average < 0 ? 0 : STUCK_AFTER_AVERAGES * average);
    }

    /** The tasks in the worker's window behind the one it runs that it may still give back. */
    private static List<SentTask> waitingBehindItsTask(Worker worker) {
        List<SentTask> waiting = new ArrayList<>();
        SentTask first = null;
        for (SentTask sent : worker.window()) {
            if (first == null) {
                first = sent;
            } else if (!sent.isStopping() && !sent.isTakingBack()) {
                waiting.add(sent);
            }
        }
        return waiting;
    }

    private void lookAgainAt(long atNanos, long now) {
        if (lookAgain != null && !lookAgain.isDone() && lookAgainAtNanos <= atNanos) {
            return;
        }
        if (lookAgain != null) {
            lookAgain.cancel(false);
        }
        lookAgainAtNanos = atNanos;
        lookAgain = loop.schedule(this::rebalance, atNanos - now, TimeUnit.NANOSECONDS);
    }

    private static SentTask find(Worker worker, NodeTask task) {
        for (SentTask sent : worker.window()) {
            if (sent.task == task) {
                return sent;
            }
        }
        return null;
    }
}
