package io.argon.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.core.Backoff;
import io.argon.core.Plural;
import io.argon.node.WorkerLauncher.WorkerProcess;
import io.argon.protocol.Hello;
import io.argon.protocol.Message;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * A {@link #reload()} replaces every worker, one at a time, each only once its successor is
 * ready, so that tasks come to run the task code as it is on disk now without one failing.
 * What becomes of a task is the {@link WorkSource}'s to decide; the pool tells it when a
 * worker answered, or died under its task. Workers that keep failing to start are retried with
 * an exponential backoff instead of in a tight loop; if none has been running for
 * {@link #NO_WORKERS_PATIENCE}, the source is told so that it stops holding tasks for them.
 *
 * <p>Confined to the node's event loop: every method but {@link #start()} and {@link #stop}
 * must be called on it (asserted), and time is the loop's ticker, so a test drives all of
 * this with an embedded loop and a mock ticker.
 */
final class WorkerPool {
    /** Where free workers get their next task, and who decides what becomes of tasks. */
    interface WorkSource {
        /** The next waiting task, or null if none. */
        NodeTask next();

        /** The task's worker answered it. */
        void answered(NodeTask task, Message reply);

        /** The task's worker died while running it; {@code cause} says how. */
        void workerDied(NodeTask task, String cause);

        /** A worker came free or went away: the node may have drained. */
        void settled();

        /** No worker has been able to start for a while; {@code why} says what the last start did. */
        void noWorkers(String why);
    }

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
    private int crashStreak;
    /** Whether no worker has been running while starts fail, and since when. */
    private boolean unavailable;
    private long unavailableSinceNanos;
    private String lastStartFailure;
    private boolean stopping;
    /** The task code's generation: each reload bumps it and replaces the workers forked before. */
    private int generation;
    /** The reload rolling out now, or null. */
    private Rollout rollout;
    /** Reloads asked for during a rollout: they share the next one, which starts when it ends. */
    private final List<CompletableFuture<Integer>> nextReload = new ArrayList<>();

    /** A reload being rolled out: its generation, who waits for it, how many workers it has replaced. */
    private static final class Rollout {
        final int generation;
        final List<CompletableFuture<Integer>> waiting;
        int replaced;

        Rollout(int generation, List<CompletableFuture<Integer>> waiting) {
            this.generation = generation;
            this.waiting = waiting;
        }
    }

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

    /** Runs the task on an idle worker if there is one; returns false when none is idle. */
    boolean tryRun(NodeTask task) {
        assert loop.inEventLoop();
        Worker worker = idle.pollFirst();
        if (worker == null) {
            return false;
        }
        run(worker, task);
        return true;
    }

    boolean hasIdle() {
        assert loop.inEventLoop();
        return !idle.isEmpty();
    }

    int busyCount() {
        assert loop.inEventLoop();
        return busy;
    }

    int size() {
        return size;
    }

    /**
     * Why no task can run now, or null: set once no worker has been running, and every start
     * has failed, for {@link #NO_WORKERS_PATIENCE}.
     */
    String unavailableReason() {
        assert loop.inEventLoop();
        if (!unavailable || now() - unavailableSinceNanos < NO_WORKERS_PATIENCE.toNanos()) {
            return null;
        }
        return "no worker has been able to start for " + TimeUnit.NANOSECONDS.toSeconds(now() - unavailableSinceNanos)
                + " s; the last start: " + lastStartFailure;
    }

    /** Each worker as the status report shows it: what it is doing, what it has done, what it holds. */
    void describe(ArrayNode into) {
        assert loop.inEventLoop();
        long now = now();
        for (Worker worker : workers.values()) {
            ObjectNode entry = into.addObject()
                    .put("id", worker.id)
                    .put("pid", worker.pid())
                    .put("state", worker.state.name().toLowerCase(Locale.ROOT))
                    .put("uptime_ms", TimeUnit.NANOSECONDS.toMillis(now - worker.startedNanos))
                    .put("tasks_done", worker.tasksDone)
                    .put("generation", worker.generation);
            long resident = worker.process.residentBytes();
            if (resident >= 0) {
                entry.put("rss_bytes", resident);
            }
            NodeTask task = worker.task;
            if (task != null) {
                entry.putObject("task")
                        .put("class", task.request().className())
                        .put("id", task.request().id())
                        .put("running_ms", TimeUnit.NANOSECONDS.toMillis(now - task.startedNanos()));
            }
        }
    }

    /** Whether a reload is rolling out. */
    boolean isReloading() {
        assert loop.inEventLoop();
        return rollout != null;
    }

    /**
     * Replaces every worker with one forked now, so that it loads the task code as it is on disk:
     * one at a time, each successor forked while the old worker still serves and the old one
     * retired only once the successor is ready (after its running task, if it has one). No task
     * fails, and the node never has fewer ready workers than it had, or more than one extra JVM.
     * Completes with how many were replaced, or fails (leaving the workers not yet replaced as
     * they are) if a successor cannot start. A reload asked for during another starts after it.
     */
    CompletableFuture<Integer> reload() {
        assert loop.inEventLoop();
        CompletableFuture<Integer> done = new CompletableFuture<>();
        if (stopping) {
            done.completeExceptionally(new IllegalStateException("the node is stopping"));
        } else if (rollout != null) {
            nextReload.add(done);
        } else {
            startRollout(new ArrayList<>(List.of(done)));
        }
        return done;
    }

    private void startRollout(List<CompletableFuture<Integer>> waiting) {
        String problem = launcher.codeProblem();
        if (problem != null) {
            IllegalStateException refused = new IllegalStateException("cannot reload: " + problem + "; no worker was replaced");
            waiting.forEach(waiter -> waiter.completeExceptionally(refused));
            return;
        }
        rollout = new Rollout(++generation, waiting);
        long stale = workers.values().stream().filter(this::isStale).count();
        log.info("reloading: replacing {} one at a time, each once its successor is ready", Plural.of(stale, "worker"));
        replaceNext();
    }

    /** A worker that runs older code than the rollout's and is not on its way out already. */
    private boolean isStale(Worker worker) {
        return worker.generation < rollout.generation && !worker.retiring && worker.state != Worker.State.DEAD
                && worker.replacedBy == null;
    }

    /** Forks the successor of the next stale worker; finishes the rollout when none is left. */
    private void replaceNext() {
        Worker old = workers.values().stream().filter(this::isStale).findFirst().orElse(null);
        if (old == null) {
            endRollout(null);
            return;
        }
        Worker successor;
        try {
            successor = fork();
        } catch (IOException e) {
            endRollout("could not fork a successor for " + old + ": " + e.getMessage());
            return;
        }
        successor.replacing = old;
        old.replacedBy = successor;
        log.info("reloading: {} started to replace {}", successor, old);
    }

    /** The successor is ready: the worker it replaces retires (at once if idle, after its task if busy). */
    private void retireReplaced(Worker successor) {
        Worker old = successor.replacing;
        successor.replacing = null;
        if (old.state == Worker.State.DEAD) {
            replaced(old);
            return;
        }
        old.retiring = true;
        if (old.state == Worker.State.IDLE) {
            idle.remove(old);
            old.release();
        } // a busy one is released when it answers; one still starting, when it says hello
    }

    /** A worker the rollout replaced has exited: on to the next. */
    private void replaced(Worker old) {
        rollout.replaced++;
        replaceNext();
    }

    /** Ends the rollout, successfully if {@code failure} is null; then starts the one asked for meanwhile, if any. */
    private void endRollout(String failure) {
        Rollout ended = rollout;
        rollout = null;
        if (failure == null) {
            log.info("reloaded: {} replaced; every worker runs the task code as it is now", Plural.of(ended.replaced, "worker"));
            ended.waiting.forEach(waiter -> waiter.complete(ended.replaced));
        } else {
            log.error("reload failed after replacing {}: {}; the other workers keep the code they had",
                    Plural.of(ended.replaced, "worker"), failure);
            IllegalStateException failed = new IllegalStateException(failure + " (" + Plural.of(ended.replaced, "worker")
                    + " had been replaced)");
            ended.waiting.forEach(waiter -> waiter.completeExceptionally(failed));
        }
        if (!nextReload.isEmpty() && !stopping) {
            List<CompletableFuture<Integer>> waiting = new ArrayList<>(nextReload);
            nextReload.clear();
            startRollout(waiting);
        }
    }

    /** Workers linked and waiting for a task. */
    int idleCount() {
        assert loop.inEventLoop();
        return idle.size();
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
        running++;
        crashStreak = 0;
        if (unavailable) {
            log.info("{} started: the node has a worker again", worker);
            unavailable = false;
        }
        log.info("{} ready in {} ms", worker, TimeUnit.NANOSECONDS.toMillis(now() - worker.startedNanos));
        if (!allReady.isDone() && ++readyAtStart == size) {
            allReady.complete(null);
        }
        if (worker.retiring) {
            // Replaced by a reload while it was starting: it never runs a task.
            worker.state = Worker.State.IDLE;
            worker.release();
            return worker;
        }
        offerWork(worker);
        if (worker.replacing != null) {
            retireReplaced(worker);
        }
        return worker;
    }

    /** A worker answered its task. */
    void answered(Worker worker, Message reply) {
        assert loop.inEventLoop();
        NodeTask task = worker.task;
        if (task == null || !task.request().id().equals(reply.id())) {
            log.warn("{} sent an answer to a task it was not running (id {}); ignored", worker, reply.id());
            return;
        }
        boolean wasStopping = worker.state == Worker.State.STOPPING;
        worker.tasksDone++;
        free(worker);
        if (wasStopping) {
            log.info("{} stopped {} when interrupted", worker, task.describe());
        } else {
            source.answered(task, reply);
        }
        source.settled();
        if (worker.retiring) {
            log.debug("{} ran its {} tasks; retiring it", worker, worker.tasksStarted);
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
        Worker worker = task.worker;
        if (worker == null || worker.task != task || worker.state != Worker.State.BUSY) {
            return;
        }
        worker.state = Worker.State.STOPPING;
        int ordinal = worker.tasksStarted;
        log.warn("{} on {} {}; interrupting it", task.describe(), worker, why);
        worker.process.interrupt(ordinal);
        loop.schedule(() -> {
            if (worker.state == Worker.State.STOPPING && worker.tasksStarted == ordinal) {
                log.warn("{} did not stop {} within {} ms of an interrupt; killing its JVM", worker, task.describe(),
                        INTERRUPT_GRACE.toMillis());
                worker.process.kill();
            }
        }, INTERRUPT_GRACE.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A worker's link closed. If it was not told to go, its process is on its way out too. */
    void unlinked(Worker worker) {
        assert loop.inEventLoop();
        if (!worker.retiring && worker.state != Worker.State.DEAD && !stopping) {
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
            if (rollout != null) {
                endRollout("the node is stopping");
            }
            IllegalStateException stopped = new IllegalStateException("the node is stopping");
            nextReload.forEach(waiter -> waiter.completeExceptionally(stopped));
            nextReload.clear();
            for (Worker worker : workers.values()) {
                if (worker.task != null) {
                    NodeTask task = worker.task;
                    boolean answered = worker.state == Worker.State.STOPPING;
                    free(worker);
                    if (!answered) {
                        source.workerDied(task, reason);
                    }
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

    boolean isStopping() {
        return stopping;
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

    /** Forks a worker of the current code generation, and watches it. */
    private Worker fork() throws IOException {
        int id = nextId++;
        WorkerProcess process = launcher.launch(id);
        Worker worker = new Worker(id, process, now(), generation);
        workers.put(id, worker);
        log.debug("forked {}", worker);
        process.exited().thenAcceptAsync(status -> exited(worker, status), loop);
        loop.schedule(() -> {
            if (worker.state == Worker.State.STARTING) {
                log.error("{} did not say hello within {} s; killing it", worker, HELLO_TIMEOUT.toSeconds());
                worker.process.kill();
            }
        }, HELLO_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        return worker;
    }

    private void offerWork(Worker worker) {
        if (stopping) {
            worker.release();
            return;
        }
        NodeTask task = source.next();
        if (task != null) {
            run(worker, task);
        } else {
            worker.state = Worker.State.IDLE;
            idle.addLast(worker);
        }
    }

    private void run(Worker worker, NodeTask task) {
        worker.task = task;
        worker.state = Worker.State.BUSY;
        task.worker = worker;
        task.state = NodeTask.State.RUNNING;
        task.started(now());
        task.attempts++;
        busy++;
        if (++worker.tasksStarted == recycleAfter && worker.replacedBy == null) {
            // Start the successor now, so it boots while this worker runs its last task.
            worker.retiring = true;
            spawn();
        }
        worker.link.writeAndFlush(task.request(), worker.link.voidPromise());
    }

    private void exited(Worker worker, int status) {
        Worker.State last = worker.state;
        worker.state = Worker.State.DEAD;
        workers.remove(worker.id);
        idle.remove(worker);
        if (last != Worker.State.STARTING) {
            running--;
        }
        String how = Worker.describeExit(status);
        String output = worker.process.lastOutput();
        String cause = output.isEmpty() || status == 0 || status > 128 ? how : how + "; it last printed: " + output;

        if (worker.task != null) {
            NodeTask task = worker.task;
            free(worker);
            if (last == Worker.State.BUSY) {
                source.workerDied(task, worker + " died while running the task: " + cause);
            }
            source.settled();
        }
        if (stopping) {
            completeStopIfEmpty();
        } else if (worker.replacing != null && last == Worker.State.STARTING) {
            // A reload's successor could not start: the reload stops, and the worker it was to replace stays.
            Worker old = worker.replacing;
            old.replacedBy = null;
            endRollout(worker + " failed to start: " + cause);
            if (old.state == Worker.State.DEAD) {
                spawn(); // the old one died meanwhile: replace it the usual way
            }
        } else if (worker.retiring) {
            log.debug("{} {} after retiring", worker, how);
            if (worker.replacedBy != null && rollout != null) {
                replaced(worker);
            }
        } else if (worker.replacedBy != null) {
            log.warn("{} {}; {}, starting in its place for a reload, replaces it", worker, cause, worker.replacedBy);
        } else if (last == Worker.State.STARTING) {
            crashed(worker.id, cause);
        } else if (last == Worker.State.STOPPING) {
            log.info("{} {} after not stopping its task; starting a replacement", worker, how);
            spawn();
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
        lastStartFailure = message;
        if (running == 0 && !unavailable) {
            long since = now();
            unavailable = true;
            unavailableSinceNanos = since;
            loop.schedule(() -> {
                if (unavailable && unavailableSinceNanos == since && !stopping) {
                    source.noWorkers(unavailableReason());
                }
            }, NO_WORKERS_PATIENCE.toNanos(), TimeUnit.NANOSECONDS);
        }
        long delay = CRASH_BACKOFF.ceilingNanos(crashStreak++);
        log.error("{}; trying again in {} ms", message, TimeUnit.NANOSECONDS.toMillis(delay));
        loop.schedule(() -> {
            if (!stopping) {
                spawn();
            }
        }, delay, TimeUnit.NANOSECONDS);
    }

    /** Takes the task off its worker. */
    private void free(Worker worker) {
        worker.task.worker = null;
        worker.task = null;
        if (worker.state == Worker.State.BUSY || worker.state == Worker.State.STOPPING) {
            worker.state = Worker.State.IDLE;
        }
        busy--;
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
