package io.argon.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.argon.core.Backoff;
import io.argon.core.daemon.LogFields;
import io.argon.node.WorkerLauncher.WorkerProcess;
import io.argon.protocol.Hello;
import io.argon.protocol.Message;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code size} workers running and hands them tasks: the policy over the processes a
 * {@link WorkerLauncher} starts.
 *
 * <p>Each worker has a window of tasks sent to it and not yet answered. An idle worker takes
 * the next task first; when none is idle, the worker with the fewest tasks whose window has
 * room takes it. A window holds as many tasks as its worker's {@link TaskTimeEstimate} says:
 * many short ones, so that a worker answers a run of them at once, but one long one only.
 * {@link TaskRecall} gets tasks back out of windows: those answered for their worker (a
 * timeout, a cancel) and those stuck behind a long task while another worker is idle.
 *
 * <p>It pairs each worker with the link it opens to the node, and replaces workers that die or
 * have taken their quota of tasks ({@code -r}).
 * What becomes of a task is the {@link WorkSource}'s to decide; the pool tells it when a
 * worker came free, answered, or died under its task. Workers that keep failing to start are
 * retried with a growing delay ({@link StartFailures}); if none has been running for
 * {@link #NO_WORKERS_PATIENCE}, the source is told, so that it stops holding tasks for them.
 * A {@link #reload()} is rolled out by the pool's {@link WorkerRollout}.
 *
 * <p>Confined to the node's event loop: every method but {@link #start()} and {@link #stop}
 * must be called on it (asserted), and time is the loop's ticker, so a test drives all of
 * this with an embedded loop and a mock ticker.
 */
final class WorkerPool implements WorkerRollout.Pool {
    static final Duration HELLO_TIMEOUT = Duration.ofSeconds(30);
    /** A worker that closed its link is given this long to exit before it is killed. */
    static final Duration UNLINKED_GRACE = Duration.ofSeconds(1);
    /** On stop, workers are given this long to exit before they are killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /** An interrupted task is given this long to stop before its worker is killed. */
    static final Duration INTERRUPT_GRACE = Duration.ofSeconds(1);
    /** How long the node holds tasks while no worker runs and every start fails. */
    static final Duration NO_WORKERS_PATIENCE = Duration.ofSeconds(10);
    static final Backoff CRASH_BACKOFF = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));
    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

    private final int size;
    private final int recycleAfter;
    private final EventLoop loop;
    private final WorkerLauncher launcher;
    private final WorkSource source;
    private final WorkerRollout rollout = new WorkerRollout(this);
    private final TaskRecall recall;
    private final StartFailures startFailures = new StartFailures(CRASH_BACKOFF, NO_WORKERS_PATIENCE);
    private final Map<Integer, Worker> workers = new LinkedHashMap<>();
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    private final CompletableFuture<Void> allReady = new CompletableFuture<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private int nextId = 1;
    private int readyAtStart;
    /** Workers linked and not dead. */
    private int running;
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
        this.recall = new TaskRecall(loop, workers.values(), () -> !idle.isEmpty());
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

    // ---- tasks ----

    /**
     * Sends the task to an idle worker, else to the least loaded worker whose window has room;
     * returns false when no window has room.
     */
    boolean tryRun(NodeTask task) {
        assert loop.inEventLoop();
        Worker worker = idle.pollFirst();
        if (worker == null) {
            worker = Worker.leastLoadedWithRoom(workers.values());
            if (worker == null) {
                return false;
            }
        }
        task.start(worker, now());
        if (worker.send(task, now()) == recycleAfter && !rollout.hasSuccessor(worker)) {
            // Start the successor now, so it boots while this worker runs its last tasks.
            worker.retire();
            spawn();
        }
        return true;
    }

    /** A worker answered a task of its window, or gave it back unstarted when asked to. */
    void answered(Worker worker, Message reply) {
        assert loop.inEventLoop();
        SentTask sent = worker.answered(reply, now());
        if (sent == null) {
            log.warn("{} sent an answer to a task it does not hold (id {}); ignored", worker, reply.id());
            return;
        }
        NodeTask task = sent.task;
        boolean gaveBack = WorkerReplies.isGivenBack(reply);
        if (sent.isStopping()) {
            LogFields.about(log.atInfo(), task).addKeyValue(LogFields.WORKER_PID, worker.pid())
                    .log(gaveBack ? "{} dropped {} before it started" : "{} stopped {} when interrupted", worker, task.describe());
        } else if (gaveBack) {
            source.takenBack(task);
        } else {
            source.answered(task, WorkerReplies.under(task.request().id(), reply));
        }
        source.settled();
        if (worker.hasTask()) {
            source.promote(); // its window has room for one more
        } else if (worker.isRetiring()) {
            log.debug("{} took its {} tasks; retiring it", worker, worker.tasksTaken());
            worker.release();
        } else {
            offerWork(worker);
        }
    }

    /**
     * Stops a task that has already been answered (its deadline passed, or it was cancelled);
     * see {@link TaskRecall#stop}.
     */
    void stopTask(NodeTask task, String why) {
        recall.stop(task, why);
    }

    // ---- what the status, the metrics and the dispatcher read ----

    /** Workers that hold a task. */
    int busyCount() {
        assert loop.inEventLoop();
        int busy = 0;
        for (Worker worker : workers.values()) {
            if (worker.hasTask()) {
                busy++;
            }
        }
        return busy;
    }

    /** Workers linked and waiting for a task. */
    int idleCount() {
        assert loop.inEventLoop();
        return idle.size();
    }

    int size() {
        return size;
    }

    boolean isStopping() {
        return stopping;
    }

    /** Why no task can run now, or null (see {@link StartFailures#unavailableReason}). */
    String unavailableReason() {
        assert loop.inEventLoop();
        return startFailures.unavailableReason(now());
    }

    /** Each worker as the status report shows it. */
    void describe(ArrayNode into) {
        assert loop.inEventLoop();
        long now = now();
        for (Worker worker : workers.values()) {
            worker.describe(into.addObject(), now);
        }
    }

    List<Long> pids() {
        assert loop.inEventLoop();
        List<Long> pids = new ArrayList<>();
        for (Worker worker : workers.values()) {
            pids.add(worker.pid());
        }
        return pids;
    }

    // ---- reload ----

    /** Replaces every worker with one forked now, one at a time (see {@link WorkerRollout}). */
    CompletableFuture<Integer> reload() {
        assert loop.inEventLoop();
        return rollout.reload();
    }

    /** Whether a reload is rolling out. */
    boolean isReloading() {
        assert loop.inEventLoop();
        return rollout.isRolling();
    }

    @Override
    public Collection<Worker> workers() {
        return workers.values();
    }

    /** Forks a worker of the current code generation, and watches it. */
    @Override
    public Worker fork() throws IOException {
        int id = nextId++;
        WorkerProcess process = launcher.launch(id);
        Worker worker = new Worker(id, process, now(), rollout.generation());
        workers.put(id, worker);
        log.debug("forked {}", worker);
        process.exited().thenAcceptAsync(status -> exited(worker, status), loop);
        loop.schedule(() -> {
            if (worker.state() == Worker.State.STARTING) {
                log.error("{} did not say hello within {} s; killing it", worker, HELLO_TIMEOUT.toSeconds());
                worker.process.kill();
            }
        }, HELLO_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        return worker;
    }

    @Override
    public void retire(Worker worker) {
        worker.retire();
        if (worker.state() == Worker.State.IDLE) {
            idle.remove(worker);
            worker.release();
        } // a busy one is released when it answers; one still starting, when it says hello
    }

    @Override
    public void replaceDead(Worker dead) {
        spawn();
    }

    @Override
    public String codeProblem() {
        return launcher.codeProblem();
    }

    // ---- the workers' lives ----

    /** A worker's link said hello: returns the worker it belongs to, or null if it is an impostor. */
    Worker linked(Hello hello, Channel link) {
        assert loop.inEventLoop();
        Worker worker = workers.get(hello.worker());
        if (worker == null || worker.state() != Worker.State.STARTING || worker.pid() != hello.pid()) {
            log.warn("unexpected hello from worker {} pid {}; closing that link", hello.worker(), hello.pid());
            link.close();
            return null;
        }
        worker.linked(link);
        running++;
        if (startFailures.started()) {
            log.info("{} started: the node has a worker again", worker);
        }
        log.info("{} ready in {} ms", worker, TimeUnit.NANOSECONDS.toMillis(now() - worker.startedNanos));
        if (!allReady.isDone() && ++readyAtStart == size) {
            allReady.complete(null);
        }
        if (worker.isRetiring()) {
            // Replaced by a reload while it was starting: it never runs a task.
            worker.release();
            return worker;
        }
        offerWork(worker);
        rollout.ready(worker);
        return worker;
    }

    /** A worker's link closed. If it was not told to go, its process is on its way out too. */
    void unlinked(Worker worker) {
        assert loop.inEventLoop();
        if (!worker.isRetiring() && worker.state() != Worker.State.DEAD && !stopping) {
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
            rollout.stop();
            for (Worker worker : workers.values()) {
                for (SentTask sent : worker.clear()) {
                    if (!sent.isStopping()) {
                        source.workerDied(sent.task, reason);
                    }
                }
                if (worker.state() == Worker.State.STARTING) {
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

    /** Forks a worker; a fork that fails is retried with a backoff, as a crash at start is. */
    private void spawn() {
        int id = nextId;
        try {
            fork();
        } catch (IOException e) {
            crashed(id, "could not be forked: " + e.getMessage());
        }
    }

    /**
     * The worker is idle: it takes the next task that waits, if any; if none does, tasks stuck
     * behind long ones in other windows are taken back for it.
     */
    private void offerWork(Worker worker) {
        if (stopping) {
            worker.release();
            return;
        }
        idle.addLast(worker);
        source.promote();
        recall.rebalance();
    }

    private void exited(Worker worker, int status) {
        Worker.State last = worker.state();
        NodeTask itsTask = worker.task(); // for the log: null if it had none
        List<SentTask> held = worker.clear();
        worker.died();
        workers.remove(worker.id);
        idle.remove(worker);
        if (last != Worker.State.STARTING) {
            running--;
        }
        String how = Worker.describeExit(status);
        String output = worker.process.lastOutput();
        String cause = output.isEmpty() || status == 0 || status > 128 ? how : how + "; it last printed: " + output;

        for (SentTask sent : held) {
            if (!sent.isStopping()) {
                source.workerDied(sent.task, worker + (sent == held.get(0) ? " died while running the task: "
                        : " died with the task in its window (it may have run): ") + cause);
            }
        }
        if (!held.isEmpty()) {
            source.settled();
        }
        if (!stopping) {
            source.workerEnded(WorkerRestarts.Reason.of(last, worker.isRetiring(), rollout.hasSuccessor(worker)));
        }
        if (stopping) {
            completeStopIfEmpty();
        } else if (rollout.exited(worker, last, cause)) {
            return;
        } else if (worker.isRetiring()) {
            log.debug("{} {} after retiring", worker, how);
        } else if (last == Worker.State.STARTING) {
            crashed(worker.id, cause);
        } else if (last == Worker.State.STOPPING) {
            LogFields.about(log.atInfo(), itsTask).addKeyValue(LogFields.WORKER_PID, worker.pid())
                    .log("{} {} after not stopping its task; starting a replacement", worker, how);
            spawn();
        } else {
            LogFields.about(log.atWarn(), itsTask).addKeyValue(LogFields.WORKER_PID, worker.pid())
                    .log("{} {}; starting a replacement", worker, cause);
            spawn();
        }
    }

    /** A worker could not start: the node's start fails, or the start is tried again after a growing delay. */
    private void crashed(int id, String cause) {
        String message = "worker " + id + " failed to start: " + cause;
        if (!allReady.isDone()) {
            allReady.completeExceptionally(new WorkerStartException(message));
            return;
        }
        long now = now();
        if (startFailures.failed(message, running == 0, now)) {
            loop.schedule(() -> {
                String why = startFailures.unavailableReason(now());
                if (why != null && startFailures.unavailableSince(now) && !stopping) {
                    source.noWorkers(why);
                }
            }, NO_WORKERS_PATIENCE.toNanos(), TimeUnit.NANOSECONDS);
        }
        long delay = startFailures.nextDelayNanos();
        log.error("{}; trying again in {} ms", message, TimeUnit.NANOSECONDS.toMillis(delay));
        loop.schedule(() -> {
            if (!stopping) {
                spawn();
            }
        }, delay, TimeUnit.NANOSECONDS);
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
