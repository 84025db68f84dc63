package io.argon.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.core.Plural;
import io.argon.core.daemon.ClientService;
import io.argon.core.daemon.Daemon;
import io.argon.core.daemon.DaemonStatus;
import io.argon.core.daemon.LogFields;
import io.argon.core.daemon.Submission;
import io.argon.core.daemon.TaskBook;
import io.argon.core.daemon.TaskBook.Ending;
import io.argon.core.daemon.TaskRecord;
import io.argon.core.daemon.TaskStats;
import io.argon.protocol.Cancel;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Message;
import io.argon.protocol.RawJson;
import io.argon.protocol.Submit;
import io.argon.task.Priority;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what becomes of a node's tasks: the policy over its {@link TaskBook}, which holds
 * them, and its {@link WorkerPool}, which runs them. A task goes straight to an idle worker,
 * into the bounded queue, or back as rejected when the queue is full; one whose worker dies
 * runs again if it is safe to, and is answered {@code worker_died} otherwise; tasks wait for no
 * worker that cannot start ({@code no_workers}). While the node drains (shutting down, or
 * drained by an operator) it takes no new tasks and says when it holds none.
 *
 * <p>All of its state (and the pool's and the book's) is confined to the node's event loop;
 * the methods assert it.
 */
final class NodeDispatcher implements ClientService, TaskBook.Runner<NodeTask>, WorkSource, Daemon.Role {
    private static final Logger log = LoggerFactory.getLogger(NodeDispatcher.class);

    private final NodeConfig config;
    private final EventLoop loop;
    private final TaskBook<NodeTask> book;
    private final WorkerPool pool;
    private final Consumer<ObjectNode> statusExtras;
    private final long startedNanos;
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private final WorkerRestarts restarts = new WorkerRestarts();
    /** Operators waiting for a paused node to hold nothing. */
    private final List<CompletableFuture<Void>> emptied = new ArrayList<>();
    /** Shutting down: takes no new task, for good. */
    private boolean draining;
    /** Drained by an operator: takes no new task until resumed. */
    private boolean paused;

    /** @param statusExtras adds what the node knows beyond its tasks to the status report */
    NodeDispatcher(NodeConfig config, EventLoop loop, WorkerLauncher launcher, Consumer<ObjectNode> statusExtras) {
        this.config = config;
        this.loop = loop;
        this.book = new TaskBook<>(loop, config.daemon().queueLimit(), new TaskStats(), this);
        this.pool = new WorkerPool(config.workers(), config.recycleAfter(), loop, launcher, this);
        this.statusExtras = statusExtras;
        this.startedNanos = loop.ticker().nanoTime();
    }

    WorkerPool pool() {
        return pool;
    }

    int queued() {
        return book.queued();
    }

    int queued(Priority priority) {
        return book.queued(priority);
    }

    int queueLimit() {
        return book.capacity();
    }

    /** How many workers ended while the node ran, by why: the metrics read it. */
    WorkerRestarts workerRestarts() {
        return restarts;
    }

    // ---- from clients ----

    /** Runs the task now, queues it, or rejects it when the queue is full. */
    @Override
    public void submit(Submission submission) {
        assert loop.inEventLoop();
        if (draining) {
            submission.fail(ErrorKind.SHUTTING_DOWN, "the node is shutting down");
            return;
        }
        if (paused) {
            submission.fail(ErrorKind.SHUTTING_DOWN, "the node is drained and takes no new tasks (argon undrain takes it back); "
                    + "send the task elsewhere");
            return;
        }
        String unavailable = pool.unavailableReason();
        if (unavailable != null) {
            submission.fail(ErrorKind.NO_WORKERS, unavailable);
            return;
        }
        NodeTask task = new NodeTask(submission, timeoutOf(submission.request()), loop.ticker().nanoTime(),
                config.daemon().maxAttempts());
        if (!book.admit(task)) {
            submission.reject("queue full (" + book.capacity() + " tasks waiting)");
        }
    }

    @Override
    public void cancel(Channel client, Cancel cancel) {
        book.cancel(client, cancel);
    }

    /** The client has gone: its queued tasks are dropped; running ones finish, for nobody. */
    @Override
    public void disconnected(Channel client) {
        int dropped = book.clientGone(client);
        if (dropped > 0) {
            log.info("{} went away; {} of its tasks had not started and never will", client.remoteAddress(), dropped);
        }
        settled();
    }

    /** An operator's cancel of every task with this id, whoever sent it; returns how many there were. On the loop. */
    public int cancelAnywhere(String id) {
        return book.cancelAnywhere(id);
    }

    /** Tells {@code history} of each task as it ends (see {@link TaskBook#recordTo}). */
    public void recordTo(Consumer<TaskRecord> history) {
        book.recordTo(history);
    }

    @Override
    public RawJson status() {
        assert loop.inEventLoop();
        long uptime = TimeUnit.NANOSECONDS.toMillis(loop.ticker().nanoTime() - startedNanos);
        ObjectNode report = DaemonStatus.of("node", uptime, book, draining || paused)
                .put("workers", config.workers())
                .put("busy", pool.busyCount())
                .put("idle", pool.idleCount());
        if (pool.isReloading()) {
            report.put("reloading", true);
        }
        pool.describe(report.putArray("pool"));
        statusExtras.accept(report);
        return RawJson.of(report);
    }

    @Override
    public TaskStats stats() {
        return book.stats();
    }

    // ---- the book's runner: the workers ----

    @Override
    public boolean tryStart(NodeTask task) {
        return pool.tryRun(task);
    }

    @Override
    public void stop(NodeTask task, Ending ending) {
        pool.stopTask(task, ending == Ending.CANCELLED ? "was cancelled" : "ran past its timeout of " + task.timeoutMillis() + " ms");
    }

    /** A task on a worker has begun: it finishes, for nobody if its client has gone. */
    @Override
    public void withdraw(NodeTask task) {
    }

    @Override
    public String reason(NodeTask task, Ending ending) {
        if (ending == Ending.CANCELLED) {
            return task.isQueued() ? "cancelled before it started" : "cancelled while it ran; its worker was interrupted";
        }
        return task.isQueued() ? "the task did not start within its timeout of " + task.timeoutMillis() + " ms"
                : "the task ran past its timeout of " + task.timeoutMillis() + " ms; its worker was interrupted";
    }

    // ---- from the pool ----

    @Override
    public void promote() {
        assert loop.inEventLoop();
        book.promote();
    }

    @Override
    public void answered(NodeTask task, Message reply) {
        book.finish(task, reply);
    }

    /** The task goes back to the head of its lane, and its attempt does not count; the pool promotes. */
    @Override
    public void takenBack(NodeTask task) {
        book.putBack(task);
    }

    /** Runs an idempotent task again, up to its bound of attempts; answers any other worker_died. */
    @Override
    public void workerDied(NodeTask task, String cause) {
        assert loop.inEventLoop();
        Worker worker = task.place();
        if (book.lost(task, draining || pool.isStopping(), ErrorKind.WORKER_DIED, cause)) {
            LogFields.about(log.atInfo(), task).addKeyValue(LogFields.WORKER_PID, worker.pid())
                    .log("{} lost its worker on attempt {} of {}; it is safe to run again, so it will", task.describe(),
                            task.attempts(), task.maxAttempts());
            book.promote();
        }
    }

    @Override
    public void workerEnded(WorkerRestarts.Reason why) {
        restarts.add(why);
    }

    @Override
    public void settled() {
        assert loop.inEventLoop();
        if (book.queued() == 0 && pool.busyCount() == 0) {
            if (draining) {
                drained.complete(null);
            }
            if (!emptied.isEmpty()) {
                List<CompletableFuture<Void>> waiting = new ArrayList<>(emptied);
                emptied.clear();
                waiting.forEach(waiter -> waiter.complete(null));
            }
        }
    }

    /** No worker can start: the tasks waiting for one are answered, not held indefinitely. */
    @Override
    public void noWorkers(String why) {
        assert loop.inEventLoop();
        if (book.queued() > 0) {
            log.error("{}; answering the {} queued tasks no_workers", why, book.queued());
        }
        book.failQueued(ErrorKind.NO_WORKERS, why);
    }

    // ---- drained by an operator ----

    /**
     * Takes no new tasks (they are answered {@code shutting_down}, which a manager takes as "send
     * it elsewhere") and lets the queued and running ones finish; the future completes once the
     * node holds none. The node stays up: {@link #resume()} takes it back.
     */
    CompletableFuture<Void> pause() {
        assert loop.inEventLoop();
        CompletableFuture<Void> empty = new CompletableFuture<>();
        emptied.add(empty);
        if (!paused) {
            paused = true;
            log.info("drained by an operator: taking no new tasks; {} running, {} queued to finish",
                    Plural.of(pool.busyCount(), "task"), book.queued());
        }
        settled();
        return empty;
    }

    /** Takes tasks again after {@link #pause()}; returns whether it was paused. */
    boolean resume() {
        assert loop.inEventLoop();
        boolean was = paused;
        if (paused) {
            paused = false;
            log.info("undrained: taking tasks again");
        }
        return was;
    }

    // ---- shutdown ----

    @Override
    public CompletableFuture<Void> drain() {
        assert loop.inEventLoop();
        draining = true;
        log.info("shutting down: {} running, {} queued; waiting up to {} s for them",
                Plural.of(pool.busyCount(), "task"), book.queued(), config.daemon().shutdownGrace().toSeconds());
        settled();
        return drained;
    }

    @Override
    public void abandon() {
        book.failQueued(ErrorKind.SHUTTING_DOWN, "the node shut down before the task started");
    }

    /** The task's own timeout, capped by the node's {@code --task-timeout}, which also applies to tasks without one. */
    private long timeoutOf(Submit request) {
        long cap = config.taskTimeout().toMillis();
        long own = request.timeoutMillis();
        if (own > 0 && cap > 0) {
            return Math.min(own, cap);
        }
        return own > 0 ? own : cap;
    }
}
