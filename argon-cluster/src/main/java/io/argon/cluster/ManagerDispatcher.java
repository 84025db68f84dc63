package io.argon.cluster;

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
import io.argon.protocol.Failure;
import io.argon.protocol.Message;
import io.argon.protocol.RawJson;
import io.argon.protocol.Rejected;
import io.argon.task.Priority;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Decides what becomes of a manager's tasks: the policy over its {@link TaskBook}, which holds
 * them, and the nodes of its {@link NodeRegistry}, which run them. Each task goes to the node
 * with the lowest expected completion time that has room in its window ({@link Router}); when
 * every node is full it waits in the bounded queue and goes out as soon as one has room. A
 * node that is lost takes its tasks in flight with it: they are answered {@code node_lost}
 * (their outcome is unknown), or sent elsewhere when the client said they are safe to run
 * again, up to their bound of attempts. A node that turns a task away (full, or leaving)
 * gives it back. The node holding a task that is cancelled or times out is told to stop it.
 * Just after the start, tasks wait for the first node to register ({@code no_nodes} when the
 * start grace ends without one).
 *
 * <p>All of its state is confined to the manager's event loop; the methods assert it. Time is
 * the loop's ticker, so a test drives routing, heartbeats and deadlines with an embedded loop
 * and a mock ticker.
 */
final class ManagerDispatcher implements ClientService, TaskBook.Runner<RoutedTask>, NodeRegistry.Listener, Daemon.Role {
    private static final Logger log = LoggerFactory.getLogger(ManagerDispatcher.class);

    private final ManagerConfig config;
    private final EventLoop loop;
    private final NodeRegistry registry;
    private final Router router = new Router(new SplittableRandom());
    private final TaskBook<RoutedTask> book;
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private final long startedNanos;
    private long nextId;
    private boolean startGraceTimerSet;
    private boolean draining;

    ManagerDispatcher(ManagerConfig config, EventLoop loop, NodeRegistry registry) {
        this.config = config;
        this.loop = loop;
        this.registry = registry;
        this.book = new TaskBook<>(loop, config.daemon().queueLimit(), new TaskStats(), this);
        this.startedNanos = now();
        registry.addListener(this);
    }

    int queued(Priority priority) {
        return book.queued(priority);
    }

    int queueLimit() {
        return book.capacity();
    }

    // ---- from clients ----

    /** Sends the task to the best node with room, queues it, or answers it at once. */
    @Override
    public void submit(Submission submission) {
        assert loop.inEventLoop();
        if (draining) {
            submission.fail(ErrorKind.SHUTTING_DOWN, "the manager is shutting down");
            return;
        }
        boolean waitingForNodes = registry.isEmpty() && registry.inStartGrace();
        if (registry.isEmpty() && !waitingForNodes) {
            submission.fail(ErrorKind.NO_NODES, "no worker nodes are registered with this manager");
            return;
        }
        RoutedTask task = new RoutedTask(submission, Long.toString(++nextId), now(), config.daemon().maxAttempts());
        if (!book.admit(task)) {
            submission.reject("queue full (" + book.capacity() + " tasks waiting for a node)");
        } else if (waitingForNodes) {
            answerNoNodesAfterStartGrace();
        }
    }

    @Override
    public void cancel(Channel client, Cancel cancel) {
        book.cancel(client, cancel);
    }

    /** The client has gone: its queued tasks are dropped, and its nodes drop those they have not started. */
    @Override
    public void disconnected(Channel client) {
        book.clientGone(client);
        checkDrained();
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
        ObjectNode report = DaemonStatus.of("manager", TimeUnit.NANOSECONDS.toMillis(now() - startedNanos), book, draining);
        registry.describe(report.putArray("nodes"));
        return RawJson.of(report);
    }

    @Override
    public TaskStats stats() {
        return book.stats();
    }

    // ---- the book's runner: the nodes ----

    /** Sends the task to the best node with room; false when every node is full. */
    @Override
    public boolean tryStart(RoutedTask task) {
        long now = now();
        NodeTracker node = router.choose(registry.nodes(), now);
        if (node == null) {
            return false;
        }
        task.start(node, now);
        node.send(task, now);
        return true;
    }

    @Override
    public void stop(RoutedTask task, Ending ending) {
        tellNode(task, false);
    }

    /** Only the node knows whether it has begun the task: it drops it if it has not (and answers cancelled). */
    @Override
    public void withdraw(RoutedTask task) {
        tellNode(task, true);
    }

    @Override
    public String reason(RoutedTask task, Ending ending) {
        if (ending == Ending.CANCELLED) {
            return task.isQueued() ? "cancelled before it was sent to a node"
                    : "cancelled while " + task.place() + " held it; the node was told to stop it";
        }
        return task.isQueued() ? "no node could take the task within its timeout of " + task.timeoutMillis() + " ms"
                : task.place() + " did not answer within the task's timeout of " + task.timeoutMillis()
                        + " ms; the node was told to stop it";
    }

    // ---- from nodes ----

    /** A node answered a task it held: a result or an error, or it turned the task away. */
    void nodeReplied(NodeTracker node, Message reply) {
        assert loop.inEventLoop();
        RoutedTask task = node.answered(reply.id());
        if (task == null) {
            log.atDebug().addKeyValue(LogFields.NODE, node.address).addKeyValue(LogFields.TASK_ID, reply.id())
                    .log("{} answered unknown task {}", node, reply.id());
            return;
        }
        if (reply instanceof Rejected) {
            // The node's own queue is full (clients are talking to it directly): it is full
            // until it answers a task, and the task goes elsewhere or waits here.
            registry.rejected(node);
            book.putBack(task);
        } else {
            node.tookTask();
            if (reply instanceof Failure failure && failure.kind() == ErrorKind.SHUTTING_DOWN) {
                // The node is stopping or drained and did not start the task: it is safe to run elsewhere.
                if (!node.isDrained()) {
                    registry.leaving(node);
                }
                book.putBack(task);
            } else {
                long now = now();
                node.recordTask(now - task.startedNanos(), now);
                book.finish(task, task.forClient(reply));
            }
        }
        book.promote();
        registry.closeIfLeft(node);
        checkDrained();
    }

    @Override
    public void joined(NodeTracker node) {
        book.promote();
    }

    @Override
    public void hasRoom(NodeTracker node) {
        book.promote();
    }

    /** A node is gone: its tasks are answered node_lost, or queued again if they are safe to run again. */
    @Override
    public void lost(NodeTracker node, String why, Level level) {
        router.forget(node);
        int lost = 0;
        int retried = 0;
        for (RoutedTask task : node.orphans()) {
            if (task.isAnswered()) {
                continue;
            }
            if (book.lost(task, draining, ErrorKind.NODE_LOST, "lost " + node + " while it ran the task (" + why
                    + "); the task may or may not have run: verify its effects and retry if needed")) {
                retried++;
            } else {
                lost++;
            }
        }
        log.atLevel(level).addKeyValue(LogFields.NODE, node.address)
                .log("{} {}: {}; {} in flight: {} answered node_lost, {} sent elsewhere ({} left)",
                        node, level == Level.INFO ? "gone" : "lost", why, Plural.of(lost + retried, "task"), lost, retried,
                        Plural.of(registry.nodes().size(), "node"));
        if (registry.isEmpty()) {
            book.failQueued(ErrorKind.NO_NODES, "every worker node left the manager before the task could run");
        } else {
            book.promote();
        }
        checkDrained();
    }

    // ---- shutdown ----

    @Override
    public CompletableFuture<Void> drain() {
        assert loop.inEventLoop();
        draining = true;
        log.info("shutting down: {} on nodes, {} queued; waiting up to {} s for them", Plural.of(heldOnNodes(), "task"),
                book.queued(), config.daemon().shutdownGrace().toSeconds());
        checkDrained();
        return drained;
    }

    @Override
    public void abandon() {
        assert loop.inEventLoop();
        book.failQueued(ErrorKind.SHUTTING_DOWN, "the manager shut down before the task was sent to a node");
        for (NodeTracker node : registry.nodes()) {
            // The outcome is unknown, as when a node is lost; shutting_down would say it never ran.
            node.orphans().forEach(task -> book.fail(task, ErrorKind.NODE_LOST,
                    "the manager shut down before the node answered; the task may or may not have run"));
        }
    }

    // ---- deadlines, the start grace ----

    /** Tells the node holding the task to stop it (or, {@code ifNotStarted}, to drop it if it has not started). */
    private void tellNode(RoutedTask task, boolean ifNotStarted) {
        NodeTracker node = task.place();
        if (node != null && node.holds(task)) {
            node.send(new Cancel(task.routedId, ifNotStarted));
        }
    }

    /** Tasks held for nodes that have not registered since the start are answered no_nodes when the grace ends. */
    private void answerNoNodesAfterStartGrace() {
        if (startGraceTimerSet) {
            return;
        }
        startGraceTimerSet = true;
        loop.schedule(() -> {
            if (registry.isEmpty()) {
                book.failQueued(ErrorKind.NO_NODES, "no worker node registered within "
                        + config.startGrace().toMillis() + " ms of the manager's start");
            }
        }, registry.startGraceEndsNanos() - now(), TimeUnit.NANOSECONDS);
    }

    /** Tasks the nodes hold now (for the shutdown's log line). */
    private int heldOnNodes() {
        int held = 0;
        for (NodeTracker node : registry.nodes()) {
            held += node.inFlight();
        }
        return held;
    }

    private void checkDrained() {
        if (draining && book.isEmpty()) {
            drained.complete(null);
        }
    }

    private long now() {
        return loop.ticker().nanoTime();
    }
}
