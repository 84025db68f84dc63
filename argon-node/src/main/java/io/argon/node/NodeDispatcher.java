package io.argon.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.core.Plural;
import io.argon.core.daemon.ClientService;
import io.argon.core.daemon.ClientTasks;
import io.argon.core.daemon.Daemon;
import io.argon.core.daemon.DaemonStatus;
import io.argon.core.daemon.PendingTask;
import io.argon.core.daemon.TaskQueue;
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
 * Decides what becomes of a node's tasks: straight to an idle worker, into the bounded queue,
 * or back as rejected when the queue is full; dropped or stopped at their deadline or on a
 * cancel; dropped unstarted when their client goes away; run again when their worker dies and
 * they are safe to run again; answered {@code no_workers} when no worker can start. Every
 * task gets exactly one answer, through {@link ClientTasks}. While the node drains it takes no
 * new tasks and tells the daemon once it holds none.
 *
 * <p>All of its state (and the pool's) is confined to the node's event loop; the methods
 * assert it.
 */
final class NodeDispatcher implements WorkerPool.WorkSource, Daemon.Role, ClientService {
    private static final Logger log = LoggerFactory.getLogger(NodeDispatcher.class);

    private final NodeConfig config;
    private final EventLoop loop;
    private final TaskQueue<NodeTask> queue;
    private final WorkerPool pool;
    private final ClientTasks<NodeTask> tasks;
    private final TaskStats stats = new TaskStats();
    private final Consumer<ObjectNode> statusExtras;
    private final long startedNanos;
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
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
        this.queue = new TaskQueue<>(config.queueLimit());
        this.tasks = new ClientTasks<>(loop);
        this.pool = new WorkerPool(config.workers(), config.recycleAfter(), loop, launcher, this);
        this.statusExtras = statusExtras;
        this.startedNanos = loop.ticker().nanoTime();
    }

    WorkerPool pool() {
        return pool;
    }

    int queued() {
        assert loop.inEventLoop();
        return queue.size();
    }

    int queued(Priority priority) {
        assert loop.inEventLoop();
        return queue.size(priority);
    }

    int queueLimit() {
        return queue.capacity();
    }

    // ---- from clients ----

    /** Runs the task now, queues it, or rejects it when the queue is full. */
    @Override
    public void submit(PendingTask pending) {
        assert loop.inEventLoop();
        if (draining) {
            pending.fail(ErrorKind.SHUTTING_DOWN, "the node is shutting down");
            return;
        }
        if (paused) {
            pending.fail(ErrorKind.SHUTTING_DOWN, "the node is drained and takes no new tasks (argon undrain takes it back); "
                    + "send the task elsewhere");
            return;
        }
        String unavailable = pool.unavailableReason();
        if (unavailable != null) {
            pending.fail(ErrorKind.NO_WORKERS, unavailable);
            return;
        }
        Submit request = pending.request();
        NodeTask task = new NodeTask(pending, timeoutOf(request), attemptsOf(request), loop.ticker().nanoTime());
        if (!(queue.isEmpty() && pool.tryRun(task)) && !queue.offer(task, request.priority())) {
            pending.reject("queue full (" + queue.capacity() + " tasks waiting)");
            return;
        }
        tasks.add(task, this::timedOut);
    }

    @Override
    public void cancel(Channel client, Cancel cancel) {
        assert loop.inEventLoop();
        NodeTask task = tasks.find(client, cancel.id());
        if (task == null) {
            return;
        }
        if (task.state == NodeTask.State.QUEUED) {
            dequeue(task);
            tasks.fail(task, ErrorKind.CANCELLED, "cancelled before it started");
        } else if (!cancel.ifNotStarted()) {
            tasks.fail(task, ErrorKind.CANCELLED, "cancelled while it ran; its worker was interrupted");
            pool.stopTask(task, "was cancelled");
        }
    }

    /** The client has gone: its queued tasks are dropped; running ones finish, for nobody. */
    @Override
    public void disconnected(Channel client) {
        assert loop.inEventLoop();
        int dropped = 0;
        for (NodeTask task : tasks.clientGone(client)) {
            if (task.state == NodeTask.State.QUEUED) {
                dequeue(task);
                tasks.drop(task);
                dropped++;
            }
        }
        if (dropped > 0) {
            log.info("{} went away; {} of its tasks had not started and never will", client.remoteAddress(), dropped);
        }
        settled();
    }

    @Override
    public RawJson status() {
        assert loop.inEventLoop();
        long uptime = TimeUnit.NANOSECONDS.toMillis(loop.ticker().nanoTime() - startedNanos);
        ObjectNode report = DaemonStatus.of("node", uptime, queue, stats, draining || paused)
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
        return stats;
    }

    // ---- from the pool ----

    @Override
    public NodeTask next() {
        assert loop.inEventLoop();
        return queue.poll();
    }

    @Override
    public void answered(NodeTask task, Message reply) {
        assert loop.inEventLoop();
        tasks.finish(task, reply);
    }

    /** Runs an idempotent task again, up to its bound of attempts; answers any other worker_died. */
    @Override
    public void workerDied(NodeTask task, String cause) {
        assert loop.inEventLoop();
        if (task.isAnswered()) {
            return;
        }
        boolean again = task.request().idempotent() && task.attempts < task.maxAttempts && !draining && !pool.isStopping();
        if (again) {
            log.info("{} lost its worker on attempt {} of {}; it is safe to run again, so it will", task.describe(),
                    task.attempts, task.maxAttempts);
            task.state = NodeTask.State.QUEUED;
            queue.requeueFirst(task, task.request().priority());
            promote();
        } else {
            tasks.fail(task, ErrorKind.WORKER_DIED, task.attempts > 1 ? cause + " (attempt " + task.attempts + " of "
                    + task.maxAttempts + ")" : cause);
        }
    }

    @Override
    public void settled() {
        assert loop.inEventLoop();
        if (queue.isEmpty() && pool.busyCount() == 0) {
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
        if (!queue.isEmpty()) {
            log.error("{}; answering the {} queued tasks no_workers", why, queue.size());
        }
        queue.drainTo(task -> tasks.fail(task, ErrorKind.NO_WORKERS, why));
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
                    Plural.of(pool.busyCount(), "task"), queue.size());
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
                Plural.of(pool.busyCount(), "task"), queue.size(), config.shutdownGrace().toSeconds());
        settled();
        return drained;
    }

    @Override
    public void abandon() {
        assert loop.inEventLoop();
        queue.drainTo(task -> tasks.fail(task, ErrorKind.SHUTTING_DOWN, "the node shut down before the task started"));
    }

    // ---- deadlines and answers ----

    private void timedOut(NodeTask task) {
        if (task.state == NodeTask.State.QUEUED) {
            dequeue(task);
            tasks.fail(task, ErrorKind.TIMEOUT, "the task did not start within its timeout of " + task.timeoutMillis() + " ms");
        } else {
            tasks.fail(task, ErrorKind.TIMEOUT, "the task ran past its timeout of " + task.timeoutMillis()
                    + " ms; its worker was interrupted");
            pool.stopTask(task, "ran past its timeout of " + task.timeoutMillis() + " ms");
        }
    }

    private void dequeue(NodeTask task) {
        queue.remove(task, task.request().priority());
    }

    /** Queued tasks go to idle workers, e.g. one put back after its worker died. */
    private void promote() {
        while (!queue.isEmpty() && pool.hasIdle()) {
            pool.tryRun(queue.poll());
        }
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

    /** The task's own bound of attempts may lower the node's {@code --max-attempts}, never raise it. */
    private int attemptsOf(Submit request) {
        int own = request.maxAttempts();
        return own > 0 ? Math.min(own, config.maxAttempts()) : config.maxAttempts();
    }
}
