package io.argon.node;

import io.argon.core.TaskQueue;
import io.argon.core.net.Daemon;
import io.argon.core.net.PendingTask;
import io.argon.core.protocol.ErrorKind;
import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides where a node's tasks go: straight to an idle worker, into the bounded queue, or
 * back to the client as rejected when the queue is full. A worker that comes free takes the
 * most urgent queued task. While the node drains it takes no new tasks and tells the daemon
 * once it holds none.
 *
 * <p>All of its state (and the pool's) is confined to the node's event loop; the methods
 * assert it.
 */
final class NodeDispatcher implements WorkerPool.WorkSource, Daemon.Role {
    private static final Logger log = LoggerFactory.getLogger(NodeDispatcher.class);

    private final EventLoop loop;
    private final TaskQueue<PendingTask> queue;
    private final WorkerPool pool;
    private final long graceSeconds;
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private boolean draining;

    NodeDispatcher(NodeConfig config, EventLoop loop, WorkerLauncher launcher) {
        this.loop = loop;
        this.queue = new TaskQueue<>(config.queueLimit());
        this.pool = new WorkerPool(config.workers(), config.recycleAfter(), loop, launcher, this);
        this.graceSeconds = config.shutdownGrace().toSeconds();
    }

    WorkerPool pool() {
        return pool;
    }

    /** Runs the task now, queues it, or rejects it when the queue is full. */
    void submit(PendingTask task) {
        assert loop.inEventLoop();
        if (draining) {
            task.fail(ErrorKind.SHUTTING_DOWN, "the node is shutting down");
        } else if (!(queue.isEmpty() && pool.tryRun(task)) && !queue.offer(task, task.request().priority())) {
            task.reject("queue full (" + queue.capacity() + " tasks waiting)");
        }
    }

    int queued() {
        assert loop.inEventLoop();
        return queue.size();
    }

    @Override
    public PendingTask next() {
        assert loop.inEventLoop();
        return queue.poll();
    }

    @Override
    public void settled() {
        assert loop.inEventLoop();
        if (draining && queue.isEmpty() && pool.busyCount() == 0) {
            drained.complete(null);
        }
    }

    @Override
    public CompletableFuture<Void> drain() {
        assert loop.inEventLoop();
        draining = true;
        log.info("shutting down: {} tasks running, {} queued; waiting up to {} s for them",
                pool.busyCount(), queue.size(), graceSeconds);
        settled();
        return drained;
    }

    @Override
    public void abandon() {
        assert loop.inEventLoop();
        queue.drainTo(task -> task.fail(ErrorKind.SHUTTING_DOWN, "the node shut down before the task started"));
    }
}
