package io.argon.node;

import io.argon.core.Backoff;
import io.argon.core.net.PendingTask;
import io.argon.core.protocol.ErrorKind;
import io.argon.core.protocol.Hello;
import io.argon.core.protocol.Message;
import io.argon.node.WorkerLauncher.WorkerProcess;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code size} workers running and hands them tasks one at a time: the policy over the
 * processes a {@link WorkerLauncher} starts.
 *
 * <p>It pairs each worker with the link it opens to the node, replaces workers that die or
 * have run their quota ({@code -r}), and answers a task whose worker died with an error naming
 * the cause. Workers that keep failing to start are retried with an exponential backoff
 * instead of in a tight loop.
 *
 * <p>Confined to the node's event loop: every method but {@link #start()} and {@link #stop}
 * must be called on it (asserted), and time is the loop's ticker, so a test drives all of
 * this with an embedded loop and a mock ticker.
 */
final class WorkerPool {
    /** Where free workers get their next task, and who hears when a task is settled. */
    interface WorkSource {
        /** The next waiting task, or null if none. */
        PendingTask next();

        /** A task has been answered, by its worker or on its worker's death. */
        void settled();
    }

    static final Duration HELLO_TIMEOUT = Duration.ofSeconds(30);
    /** A worker that closed its link is given this long to exit before it is killed. */
    static final Duration UNLINKED_GRACE = Duration.ofSeconds(1);
    /** On stop, workers are given this long to exit before they are killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(5);
    static final Backoff CRASH_BACKOFF = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));
    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

    private final int size;
    private final int recycleAfter;
    private final EventLoop loop;
    private final WorkerLauncher launcher;
    private final WorkSource source;
    private final Map<Integer, Worker> workers = new LinkedHashMap<>();
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    private final CompletableFuture<Void> allReady = new CompletableFuture<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private int nextId = 1;
    private int readyAtStart;
    private int busy;
    private int crashStreak;
    private boolean stopping;

    /**
     * @param size         workers to keep running
     * @param recycleAfter tasks a worker runs before it is replaced; 0 for never
     */
    WorkerPool(int size, int recycleAfter, EventLoop loop, WorkerLauncher launcher, WorkSource source) {
        this.size = size;
        this.recycleAfter = recycleAfter;
        this.loop = loop;
        this.launcher = launcher;
        this.source = source;
    }

    /** Starts every worker at once; completes when all have said hello, fails if one cannot start. */
    CompletableFuture<Void> start() {
        loop.execute(() -> {
            for (int i = 0; i < size; i++) {
                spawn();
            }
        });
        return allReady;
    }

    /** Runs the task on an idle worker if there is one; returns false when all are busy. */
    boolean tryRun(PendingTask task) {
        assert loop.inEventLoop();
        Worker worker = idle.pollFirst();
        if (worker == null) {
            return false;
        }
        run(worker, task);
        return true;
    }

    int busyCount() {
        assert loop.inEventLoop();
        return busy;
    }

    int size() {
        return size;
    }

    List<Long> pids() {
        assert loop.inEventLoop();
        List<Long> pids = new ArrayList<>();
        for (Worker worker : workers.values()) {
            pids.add(worker.pid());
        }
        return pids;
    }

    /** A worker's link said hello: returns the worker it belongs to, or null if it is an impostor. */
    Worker linked(Hello hello, Channel link) {
        assert loop.inEventLoop();
        Worker worker = workers.get(hello.worker());
        if (worker == null || worker.state != Worker.State.STARTING || worker.pid() != hello.pid()) {
            log.warn("unexpected hello from worker {} pid {}; closing that link", hello.worker(), hello.pid());
            link.close();
            return null;
        }
        worker.link = link;
        crashStreak = 0;
        log.info("{} ready in {} ms", worker, TimeUnit.NANOSECONDS.toMillis(now() - worker.startedNanos));
        if (!allReady.isDone() && ++readyAtStart == size) {
            allReady.complete(null);
        }
        offerWork(worker);
        return worker;
    }

    /** A worker answered its task. */
    void answered(Worker worker, Message reply) {
        assert loop.inEventLoop();
        PendingTask task = worker.task;
        if (task == null || !task.request().id().equals(reply.id())) {
            log.warn("{} sent an answer to a task it was not running (id {}); ignored", worker, reply.id());
            return;
        }
        settle(worker).answer(reply);
        source.settled();
        if (worker.state == Worker.State.RETIRING) {
            log.debug("{} ran its {} tasks; retiring it", worker, worker.tasksStarted);
            worker.release();
        } else {
            offerWork(worker);
        }
    }

    /** A worker's link closed. If it was not told to go, its process is on its way out too. */
    void unlinked(Worker worker) {
        assert loop.inEventLoop();
        if (worker.state != Worker.State.RETIRING && worker.state != Worker.State.DEAD && !stopping) {
            loop.schedule(() -> {
                if (worker.process.isAlive()) {
                    log.warn("{} closed its link but is still running; killing it", worker);
                    worker.process.kill();
                }
            }, UNLINKED_GRACE.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Answers the tasks still running as failed, tells every worker to exit, and waits for them. */
    CompletableFuture<Void> stop(String reason) {
        loop.execute(() -> {
            stopping = true;
            for (Worker worker : workers.values()) {
                if (worker.task != null) {
                    failTask(worker, reason);
                }
                if (worker.state == Worker.State.STARTING) {
                    worker.process.terminate();
                }
                worker.release();
            }
            idle.clear();
            loop.schedule(() -> workers.values().forEach(w -> w.process.kill()), STOP_GRACE.toNanos(), TimeUnit.NANOSECONDS);
            completeStopIfEmpty();
        });
        return stopped;
    }

    private void spawn() {
        int id = nextId++;
        WorkerProcess process;
        try {
            process = launcher.launch(id);
        } catch (IOException e) {
            crashed(id, "could not be forked: " + e.getMessage());
            return;
        }
        Worker worker = new Worker(id, process, now());
        workers.put(id, worker);
        log.debug("forked {}", worker);
        process.exited().thenAcceptAsync(status -> exited(worker, status), loop);
        loop.schedule(() -> {
            if (worker.state == Worker.State.STARTING) {
                log.error("{} did not say hello within {} s; killing it", worker, HELLO_TIMEOUT.toSeconds());
                worker.process.kill();
            }
        }, HELLO_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void offerWork(Worker worker) {
        if (stopping) {
            worker.release();
            return;
        }
        PendingTask task = source.next();
        if (task != null) {
            run(worker, task);
        } else {
            worker.state = Worker.State.IDLE;
            idle.addLast(worker);
        }
    }

    private void run(Worker worker, PendingTask task) {
        worker.task = task;
        worker.state = Worker.State.BUSY;
        busy++;
        if (recycleAfter > 0 && ++worker.tasksStarted >= recycleAfter) {
            // Start the successor now, so it boots while this worker runs its last task.
            worker.state = Worker.State.RETIRING;
            spawn();
        }
        worker.link.writeAndFlush(task.request(), worker.link.voidPromise());
    }

    private void exited(Worker worker, int status) {
        Worker.State last = worker.state;
        worker.state = Worker.State.DEAD;
        workers.remove(worker.id);
        idle.remove(worker);
        String how = Worker.describeExit(status);
        String output = worker.process.lastOutput();
        String cause = output.isEmpty() || status == 0 || status > 128 ? how : how + "; it last printed: " + output;

        if (worker.task != null) {
            failTask(worker, worker + " died while running the task: " + cause);
        }
        if (stopping) {
            completeStopIfEmpty();
        } else if (last == Worker.State.RETIRING) {
            log.debug("{} {} after retiring", worker, how);
        } else if (last == Worker.State.STARTING) {
            crashed(worker.id, cause);
        } else {
            log.warn("{} {}; starting a replacement", worker, cause);
            spawn();
        }
    }

    private void crashed(int id, String cause) {
        String message = "worker " + id + " failed to start: " + cause;
        if (!allReady.isDone()) {
            allReady.completeExceptionally(new WorkerStartException(message));
            return;
        }
        long delay = CRASH_BACKOFF.ceilingNanos(crashStreak++);
        log.error("{}; trying again in {} ms", message, TimeUnit.NANOSECONDS.toMillis(delay));
        loop.schedule(() -> {
            if (!stopping) {
                spawn();
            }
        }, delay, TimeUnit.NANOSECONDS);
    }

    private void failTask(Worker worker, String why) {
        settle(worker).fail(ErrorKind.WORKER_DIED, why);
        source.settled();
    }

    /** Takes the task off its worker; returns it. */
    private PendingTask settle(Worker worker) {
        PendingTask task = worker.task;
        worker.task = null;
        busy--;
        return task;
    }

    private void completeStopIfEmpty() {
        if (workers.isEmpty()) {
            stopped.complete(null);
        }
    }

    private long now() {
        return loop.ticker().nanoTime();
    }

    /** A worker could not be started while the node was starting. */
    static final class WorkerStartException extends RuntimeException {
        WorkerStartException(String message) {
            super(message);
        }
    }
}
