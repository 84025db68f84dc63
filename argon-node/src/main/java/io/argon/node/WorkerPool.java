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
 * Keeps {@code size} workers running and hands them tasks one at a time: the policy over the
 * processes a {@link WorkerLauncher} starts.
 *
 * <p>It pairs each worker with the link it opens to the node, replaces workers that die or
 * have run their quota ({@code -r}), and stops a task that was answered for it (a timeout, a
 * cancel): the worker is interrupted, and killed and replaced if it does not stop in time.
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
    private final StartFailures startFailures = new StartFailures(CRASH_BACKOFF, NO_WORKERS_PATIENCE);
    private final Map<Integer, Worker> workers = new LinkedHashMap<>();
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    private final CompletableFuture<Void> allReady = new CompletableFuture<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private int nextId = 1;
    private int readyAtStart;
    /** Workers with a task (running it, or being stopped). */
    private int busy;
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

    /** Runs the task on an idle worker if there is one; returns false when none is idle. */
    boolean tryRun(NodeTask task) {
        assert loop.inEventLoop();
        Worker worker = idle.pollFirst();
        if (worker == null) {
            return false;
        }
        task.start(worker, now());
        busy++;
        if (worker.run(task) == recycleAfter && !rollout.hasSuccessor(worker)) {
            // Start the successor now, so it boots while this worker runs its last task.
            worker.retire();
            spawn();
        }
        return true;
    }

    /** A worker answered its task. */
    void answered(Worker worker, Message reply) {
        assert loop.inEventLoop();
        NodeTask task = worker.task();
        if (task == null || !task.request().id().equals(reply.id())) {
            log.warn("{} sent an answer to a task it was not running (id {}); ignored", worker, reply.id());
            return;
        }
        boolean wasStopping = worker.state() == Worker.State.STOPPING;
        worker.answered();
        busy--;
        if (wasStopping) {
            LogFields.about(log.atInfo(), task).addKeyValue(LogFields.WORKER_PID, worker.pid())
                    .log("{} stopped {} when interrupted", worker, task.describe());
        } else {
            source.answered(task, reply);
        }
        source.settled();
        if (worker.isRetiring()) {
            log.debug("{} ran its {} tasks; retiring it", worker, worker.tasksStarted());
            worker.release();
        } else {
            offerWork(worker);
        }
    }

    /**
     * Stops a running task that has already been answered (its deadline passed, or it was
     * cancelled): its worker is interrupted, and killed and replaced if it has not stopped
     * within {@link #INTERRUPT_GRACE}.
     */
    void stopTask(NodeTask task, String why) {
        assert loop.inEventLoop();
        Worker worker = task.place();
        if (worker == null || worker.task() != task || worker.state() != Worker.State.BUSY) {
            return;
        }
        worker.stopping();
        int ordinal = worker.tasksStarted();
        LogFields.about(log.atWarn(), task).addKeyValue(LogFields.WORKER_PID, worker.pid())
                .log("{} on {} {}; interrupting it", task.describe(), worker, why);
        worker.process.interrupt(ordinal);
        loop.schedule(() -> {
            if (worker.state() == Worker.State.STOPPING && worker.tasksStarted() == ordinal) {
                LogFields.about(log.atWarn(), task).addKeyValue(LogFields.WORKER_PID, worker.pid())
                        .log("{} did not stop {} within {} ms of an interrupt; killing its JVM", worker, task.describe(),
                                INTERRUPT_GRACE.toMillis());
                worker.process.kill();
            }
        }, INTERRUPT_GRACE.toNanos(), TimeUnit.NANOSECONDS);
    }

    // ---- what the status, the metrics and the dispatcher read ----

    int busyCount() {
        assert loop.inEventLoop();
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
            worker.idle();
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
                if (worker.hasTask()) {
                    boolean answered = worker.state() == Worker.State.STOPPING;
                    NodeTask task = takeTask(worker);
                    if (!answered) {
                        source.workerDied(task, reason);
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

    /** The worker is free: it waits for a task, and takes the next one that waits, if any. */
    private void offerWork(Worker worker) {
        if (stopping) {
            worker.release();
            return;
        }
        worker.idle();
        idle.addLast(worker);
        source.promote();
    }

    private void exited(Worker worker, int status) {
        Worker.State last = worker.state();
        NodeTask itsTask = worker.task(); // for the log: null if it had none
        worker.died();
        workers.remove(worker.id);
        idle.remove(worker);
        if (last != Worker.State.STARTING) {
            running--;
        }
        String how = Worker.describeExit(status);
        String output = worker.process.lastOutput();
        String cause = output.isEmpty() || status == 0 || status > 128 ? how : how + "; it last printed: " + output;

        if (worker.hasTask()) {
            NodeTask task = takeTask(worker);
            if (last == Worker.State.BUSY) {
                source.workerDied(task, worker + " died while running the task: " + cause);
            }
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

    /** Takes the task off its worker, which no longer counts as busy. */
    private NodeTask takeTask(Worker worker) {
        NodeTask task = worker.task();
        worker.free();
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
