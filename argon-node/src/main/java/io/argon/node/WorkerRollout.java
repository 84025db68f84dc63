package io.argon.node;

import io.argon.core.Plural;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's reload: every worker is replaced by one forked now, so that tasks come to run the
 * task code as it is on disk, without one failing and without the node ever having fewer ready
 * workers. One at a time: each successor is forked while the old worker still serves, and the
 * old one retires once its successor is ready (after its running task, if it has one). A
 * successor that cannot start stops the rollout, and the workers not yet replaced keep the
 * code they run. A reload asked for during a rollout starts when it ends.
 *
 * <p>It keeps the code generation (each reload bumps it; a worker remembers the one it was
 * forked in) and which worker each successor replaces. The {@link WorkerPool} tells it when a
 * worker is ready or has exited, and it asks the pool, through {@link Pool}, to fork and
 * retire workers. Confined to the node's event loop, like the pool.
 */
final class WorkerRollout {
    /** What a rollout needs of the pool it rolls. */
    interface Pool {
        /** Every worker the pool has now. */
        Collection<Worker> workers();

        /** Forks a worker of the current generation. */
        Worker fork() throws IOException;

        /** The worker runs nothing new: released now if idle, after its task if busy, at its hello if starting. */
        void retire(Worker worker);

        /** Starts a worker in the place of one that died, as the pool does for any worker that dies. */
        void replaceDead(Worker dead);

        /** Why workers forked now could not load the task code, or null. */
        String codeProblem();
    }

    private static final Logger log = LoggerFactory.getLogger(WorkerRollout.class);

    private final Pool pool;
    /** The task code's generation: each reload bumps it and replaces the workers forked before. */
    private int generation;
    /** The reload rolling out now, or null. */
    private Rollout current;
    /** Reloads asked for during a rollout: they share the next one, which starts when it ends. */
    private final List<CompletableFuture<Integer>> next = new ArrayList<>();
    /** Each successor still starting, and the worker it replaces. */
    private final Map<Worker, Worker> replacing = new HashMap<>();
    /** Each worker being replaced, and its successor (kept until the old worker has exited). */
    private final Map<Worker, Worker> successors = new HashMap<>();
    private boolean stopped;

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

    WorkerRollout(Pool pool) {
        this.pool = pool;
    }

    /** The generation a worker forked now belongs to. */
    int generation() {
        return generation;
    }

    /** Whether a reload is rolling out. */
    boolean isRolling() {
        return current != null;
    }

    /** Whether a successor is starting or serving in this worker's place: it needs no other. */
    boolean hasSuccessor(Worker worker) {
        return successors.containsKey(worker);
    }

    /**
     * Replaces every worker (see the class comment). Completes with how many were replaced, or
     * fails if the task code cannot be seen or a successor cannot start.
     */
    CompletableFuture<Integer> reload() {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        if (stopped) {
            done.completeExceptionally(new IllegalStateException("the node is stopping"));
        } else if (current != null) {
            next.add(done);
        } else {
            start(new ArrayList<>(List.of(done)));
        }
        return done;
    }

    /** A worker said hello: a successor's old worker now retires. */
    void ready(Worker worker) {
        Worker old = replacing.remove(worker);
        if (old == null) {
            return;
        }
        if (old.state() == Worker.State.DEAD) {
            successors.remove(old);
            if (current != null) {
                replaced();
            }
        } else {
            pool.retire(old);
        }
    }

    /**
     * A worker exited, in state {@code last}; {@code cause} says how. Returns whether the
     * rollout accounts for it: a successor that failed to start, an old worker gone after its
     * successor took over, or one that died while its successor starts (which takes its
     * place). For any other, the pool does what it does when a worker dies.
     */
    boolean exited(Worker worker, Worker.State last, String cause) {
        Worker old = replacing.remove(worker);
        if (old != null && last == Worker.State.STARTING) {
            successors.remove(old);
            end(worker + " failed to start: " + cause);
            if (old.state() == Worker.State.DEAD) {
                pool.replaceDead(old); // the old one died meanwhile: replace it the usual way
            }
            return true;
        }
        Worker successor = successors.get(worker);
        if (successor == null) {
            return false;
        }
        if (worker.isRetiring()) {
            successors.remove(worker);
            log.debug("{} exited after retiring", worker);
            if (current != null) {
                replaced();
            }
        } else {
            log.warn("{} {}; {}, starting in its place for a reload, replaces it", worker, cause, successor);
        }
        return true;
    }

    /** The node stops: the rollout ends unfinished, and no other starts. */
    void stop() {
        stopped = true;
        if (current != null) {
            end("the node is stopping");
        }
        IllegalStateException stopping = new IllegalStateException("the node is stopping");
        next.forEach(waiter -> waiter.completeExceptionally(stopping));
        next.clear();
    }

    private void start(List<CompletableFuture<Integer>> waiting) {
        String problem = pool.codeProblem();
        if (problem != null) {
            IllegalStateException refused = new IllegalStateException("cannot reload: " + problem + "; no worker was replaced");
            waiting.forEach(waiter -> waiter.completeExceptionally(refused));
            return;
        }
        current = new Rollout(++generation, waiting);
        long stale = pool.workers().stream().filter(this::isStale).count();
        log.info("reloading: replacing {} one at a time, each once its successor is ready", Plural.of(stale, "worker"));
        replaceNext();
    }

    /** A worker that runs older code than the rollout's and is not on its way out already. */
    private boolean isStale(Worker worker) {
        return worker.generation < current.generation && !worker.isRetiring() && worker.state() != Worker.State.DEAD
                && !successors.containsKey(worker);
    }

    /** Forks the successor of the next stale worker; finishes the rollout when none is left. */
    private void replaceNext() {
        Worker old = pool.workers().stream().filter(this::isStale).findFirst().orElse(null);
        if (old == null) {
            end(null);
            return;
        }
        Worker successor;
        try {
            successor = pool.fork();
        } catch (IOException e) {
            end("could not fork a successor for " + old + ": " + e.getMessage());
            return;
        }
        replacing.put(successor, old);
        successors.put(old, successor);
        log.info("reloading: {} started to replace {}", successor, old);
    }

    /** A worker the rollout replaced is gone: on to the next. */
    private void replaced() {
        current.replaced++;
        replaceNext();
    }

    /** Ends the rollout, successfully if {@code failure} is null; then starts the one asked for meanwhile, if any. */
    private void end(String failure) {
        Rollout ended = current;
        current = null;
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
        if (!next.isEmpty() && !stopped) {
            List<CompletableFuture<Integer>> waiting = new ArrayList<>(next);
            next.clear();
            start(waiting);
        }
    }
}
