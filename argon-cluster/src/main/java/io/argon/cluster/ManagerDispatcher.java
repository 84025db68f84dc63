package io.argon.cluster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.core.Backoff;
import io.argon.core.Plural;
import io.argon.core.daemon.ClientService;
import io.argon.core.daemon.ClientTasks;
import io.argon.core.daemon.Daemon;
import io.argon.core.daemon.DaemonStatus;
import io.argon.core.daemon.PendingTask;
import io.argon.core.daemon.TaskQueue;
import io.argon.core.daemon.TaskStats;
import io.argon.protocol.Cancel;
import io.argon.protocol.Done;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Message;
import io.argon.protocol.Ping;
import io.argon.protocol.Pong;
import io.argon.protocol.RawJson;
import io.argon.protocol.Register;
import io.argon.protocol.Registered;
import io.argon.protocol.Rejected;
import io.argon.protocol.Submit;
import io.argon.task.Priority;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Decides what becomes of a manager's tasks. Each goes to the node with the lowest expected
 * completion time that has room in its window ({@link Router}, {@link NodeTracker}); when
 * every node is full it waits in the bounded queue and goes out as soon as one has room. A
 * node that closes its connection or misses its heartbeats is dropped: its tasks in flight
 * are answered node_lost (their outcome is unknown), or sent elsewhere when the client said
 * they are safe to run again, up to their bound of attempts. A node that rejects a task is
 * full until it answers one; a node that says it is leaving gets nothing more. Tasks are
 * answered {@code timeout} at their deadline and {@code cancelled} on a cancel, and the node
 * holding one is told to stop it; a client that goes away has its tasks that have not started
 * dropped. Just after start the manager holds tasks for its nodes to register. Every task
 * gets exactly one answer, through {@link ClientTasks}.
 *
 * <p>All of its state is confined to the manager's event loop; the methods assert it. Time is
 * the loop's ticker, so a test drives routing, heartbeats and deadlines with an embedded loop
 * and a mock ticker.
 */
final class ManagerDispatcher implements Daemon.Role, ClientService {
    /** How long a node that rejected a task and holds none of ours waits before it is tried again. */
    static final Backoff REJECTED_PROBE = new Backoff(Duration.ofMillis(20), Duration.ofSeconds(1));
    private static final Logger log = LoggerFactory.getLogger(ManagerDispatcher.class);

    private final ManagerConfig config;
    private final EventLoop loop;
    private final TaskQueue<RoutedTask> queue;
    /** Registered nodes by the address they listen on, their identity. */
    private final Map<String, NodeTracker> nodes = new LinkedHashMap<>();
    private final ClientTasks<RoutedTask> tasks;
    private final TaskStats stats = new TaskStats();
    private final RollingReload reloads = new RollingReload(this);
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private final long startedNanos;
    private long nextId;
    private long pingSequence;
    private boolean heartbeatsStarted;
    private long lastHeartbeatNanos;
    private boolean startGraceTimerSet;
    /** A node has registered since the start: the start grace is over. */
    private boolean hadNodes;
    private boolean draining;

    ManagerDispatcher(ManagerConfig config, EventLoop loop) {
        this.config = config;
        this.loop = loop;
        this.queue = new TaskQueue<>(config.queueLimit());
        this.tasks = new ClientTasks<>(loop);
        this.startedNanos = now();
    }

    // ---- from clients ----

    /** Sends the task to the best node with room, queues it, or answers it at once. */
    @Override
    public void submit(PendingTask pending) {
        assert loop.inEventLoop();
        if (draining) {
            pending.fail(ErrorKind.SHUTTING_DOWN, "the manager is shutting down");
            return;
        }
        boolean waitingForNodes = nodes.isEmpty() && inStartGrace();
        if (nodes.isEmpty() && !waitingForNodes) {
            pending.fail(ErrorKind.NO_NODES, "no worker nodes are registered with this manager");
            return;
        }
        Submit request = pending.request();
        int maxAttempts = request.maxAttempts() > 0 ? Math.min(request.maxAttempts(), config.maxAttempts()) : config.maxAttempts();
        RoutedTask task = new RoutedTask(pending, Long.toString(++nextId), now(), maxAttempts);
        NodeTracker node = queue.isEmpty() ? Router.choose(nodes.values()) : null;
        if (node != null) {
            dispatch(task, node);
        } else if (queue.offer(task, request.priority())) {
            if (waitingForNodes) {
                answerNoNodesAfterStartGrace();
            }
        } else {
            pending.reject("queue full (" + queue.capacity() + " tasks waiting for a node)");
            return;
        }
        tasks.add(task, this::timedOut);
    }

    @Override
    public void cancel(Channel client, Cancel cancel) {
        assert loop.inEventLoop();
        RoutedTask task = tasks.find(client, cancel.id());
        if (task == null) {
            return;
        }
        if (task.state == RoutedTask.State.QUEUED) {
            dequeue(task);
            tasks.fail(task, ErrorKind.CANCELLED, "cancelled before it was sent to a node");
        } else if (cancel.ifNotStarted()) {
            // Only the node knows whether it started: it answers cancelled if it had not.
            tellNode(task, true);
        } else {
            tasks.fail(task, ErrorKind.CANCELLED, "cancelled while " + task.node + " held it; the node was told to stop it");
            tellNode(task, false);
        }
    }

    /** The client has gone: its queued tasks are dropped, and its nodes drop those they have not started. */
    @Override
    public void disconnected(Channel client) {
        assert loop.inEventLoop();
        for (RoutedTask task : tasks.clientGone(client)) {
            if (task.state == RoutedTask.State.QUEUED) {
                dequeue(task);
                tasks.drop(task);
            } else {
                tellNode(task, true);
            }
        }
        checkDrained();
    }

    // ---- messages from nodes ----

    /**
     * A node registers on {@code channel}, which was {@code current}'s (null for a first
     * registration). Returns the node's record.
     */
    NodeTracker register(Register registration, Channel channel, NodeTracker current) {
        assert loop.inEventLoop();
        Registered accepted = new Registered(registration.id(), config.maxFrameBytes());
        if (current != null && current.address.equals(registration.address()) && current.workers == registration.workers()) {
            channel.writeAndFlush(accepted);
            return current;
        }
        if (current != null) {
            forget(current, "it registered again as " + registration.address(), Level.WARN);
        }
        NodeTracker previous = nodes.get(registration.address());
        if (previous != null) {
            forget(previous, "a new registration replaced it", Level.WARN);
            previous.channel.close();
        }
        NodeTracker node = new NodeTracker(registration.address(), registration.workers(), channel, now());
        nodes.put(node.address, node);
        hadNodes = true;
        channel.writeAndFlush(accepted);
        log.info("{} registered with {} ({}, {} in all)", node, Plural.of(node.workers, "worker"), Plural.of(nodes.size(), "node"),
                Plural.of(nodes.values().stream().mapToInt(n -> n.workers).sum(), "worker"));
        dispatchQueued();
        return node;
    }

    /** A node answered a task or a heartbeat. */
    void nodeReplied(NodeTracker node, Message reply) {
        assert loop.inEventLoop();
        long now = now();
        node.lastHeardNanos = now;
        if (node.controlAnswer != null && reply.id().equals(node.controlId) && (reply instanceof Done || reply instanceof Failure)) {
            CompletableFuture<Message> answer = node.controlAnswer;
            node.controlAnswer = null;
            node.controlId = null;
            answer.complete(reply);
            return;
        }
        if (reply instanceof Pong pong) {
            node.pongReceived(pong.id(), now);
            return;
        }
        RoutedTask task = node.inFlight.remove(reply.id());
        if (task == null) {
            log.debug("{} answered unknown task {}", node, reply.id());
            return;
        }
        if (reply instanceof Rejected) {
            // The node's own queue is full (clients are talking to it directly): it is full
            // until it answers a task, and the task goes elsewhere or waits here.
            rejectedBy(node);
            if (!task.isAnswered()) {
                requeue(task);
            }
        } else {
            node.full = false;
            node.rejections = 0;
            if (reply instanceof Failure failure && failure.kind() == ErrorKind.SHUTTING_DOWN) {
                // The node is draining and did not start the task: it is safe to run elsewhere.
                nodeLeaving(node);
                if (!task.isAnswered()) {
                    requeue(task);
                }
            } else {
                node.recordTask(now - task.startedNanos());
                if (!task.isAnswered()) {
                    tasks.finish(task, task.forClient(reply));
                }
            }
        }
        dispatchQueued();
        closeIfLeft(node);
        checkDrained();
    }

    /** The node said it is shutting down: it finishes what it holds and gets nothing more. */
    void nodeLeaving(NodeTracker node) {
        assert loop.inEventLoop();
        if (!node.leaving) {
            node.leaving = true;
            log.info("{} is leaving: it finishes its {} in flight and gets no more", node, Plural.of(node.inFlight.size(), "task"));
        }
        closeIfLeft(node);
    }

    /**
     * A leaving node that holds nothing more of ours is let go: the manager closes the link,
     * so no task can be on its way to the node when it goes.
     */
    private void closeIfLeft(NodeTracker node) {
        if (node.leaving && node.inFlight.isEmpty()) {
            node.channel.close();
        }
    }

    /** A node's connection closed. */
    void nodeLinkClosed(NodeTracker node) {
        assert loop.inEventLoop();
        if (nodes.get(node.address) == node) {
            if (node.leaving) {
                forget(node, "it left", Level.INFO);
            } else {
                forget(node, "its connection closed", Level.WARN);
            }
        }
    }

    // ---- heartbeats ----

    /**
     * Pings every node, and drops those silent for {@code heartbeatMisses} intervals. Called
     * every {@code heartbeatInterval} by the manager.
     */
    void heartbeat() {
        assert loop.inEventLoop();
        long now = now();
        long interval = config.heartbeatInterval().toNanos();
        // If this check itself runs late, the manager was stalled (GC, an overloaded
        // machine): its nodes' silence is not theirs, so nobody is dropped this round.
        boolean stalled = heartbeatsStarted && now - lastHeartbeatNanos > 2 * interval;
        heartbeatsStarted = true;
        lastHeartbeatNanos = now;
        long deadline = interval * config.heartbeatMisses();
        for (NodeTracker node : new ArrayList<>(nodes.values())) {
            if (stalled) {
                node.lastHeardNanos = Math.max(node.lastHeardNanos, now - interval);
            }
            if (now - node.lastHeardNanos > deadline) {
                forget(node, "no answer to " + config.heartbeatMisses() + " heartbeats", Level.WARN);
                node.channel.close();
            } else {
                String id = "hb-" + (++pingSequence);
                node.pingSent(id, now);
                node.channel.writeAndFlush(new Ping(id), node.channel.voidPromise());
            }
        }
    }

    // ---- what the metrics read, on the loop ----

    int queued(Priority priority) {
        assert loop.inEventLoop();
        return queue.size(priority);
    }

    int queueLimit() {
        return queue.capacity();
    }

    java.util.Collection<NodeTracker> nodes() {
        assert loop.inEventLoop();
        return nodes.values();
    }

    /** The addresses of the nodes registered now, in the order they registered. */
    List<String> nodeAddresses() {
        assert loop.inEventLoop();
        return new ArrayList<>(nodes.keySet());
    }

    /** The node registered under {@code address}, or null. */
    NodeTracker node(String address) {
        assert loop.inEventLoop();
        return nodes.get(address);
    }

    /** Rolls a reload over every node, one at a time (see {@link RollingReload}). */
    CompletableFuture<RawJson> reloadNodes() {
        assert loop.inEventLoop();
        return reloads.start();
    }

    // ---- status and shutdown ----

    /** What a status request is answered with. */
    @Override
    public RawJson status() {
        assert loop.inEventLoop();
        ObjectNode report = DaemonStatus.of("manager", TimeUnit.NANOSECONDS.toMillis(now() - startedNanos), queue, stats, draining);
        ArrayNode list = report.putArray("nodes");
        long now = now();
        for (NodeTracker node : nodes.values()) {
            ObjectNode entry = list.addObject()
                    .put("address", node.address)
                    .put("workers", node.workers)
                    .put("in_flight", node.inFlight.size())
                    .put("window", node.window())
                    .put("tasks_done", node.completed)
                    .put("average_task_ms", node.averageNanos() / 1e6)
                    .put("round_trip_ms", node.roundTripNanos() / 1e6)
                    .put("last_seen_ms_ago", TimeUnit.NANOSECONDS.toMillis(now - node.lastHeardNanos));
            if (node.leaving) {
                entry.put("leaving", true);
            }
        }
        return RawJson.of(report);
    }

    @Override
    public TaskStats stats() {
        return stats;
    }

    @Override
    public CompletableFuture<Void> drain() {
        assert loop.inEventLoop();
        draining = true;
        log.info("shutting down: {} on nodes, {} queued; waiting up to {} s for them",
                Plural.of(unansweredInFlight(), "task"), queue.size(), config.shutdownGrace().toSeconds());
        checkDrained();
        return drained;
    }

    @Override
    public void abandon() {
        assert loop.inEventLoop();
        queue.drainTo(task -> tasks.fail(task, ErrorKind.SHUTTING_DOWN, "the manager shut down before the task was sent to a node"));
        for (NodeTracker node : nodes.values()) {
            // The outcome is unknown, as when a node is lost; shutting_down would say it never ran.
            node.inFlight.values().forEach(task -> tasks.fail(task, ErrorKind.NODE_LOST,
                    "the manager shut down before the node answered; the task may or may not have run"));
            node.inFlight.clear();
        }
    }

    // ---- routing ----

    private void dispatch(RoutedTask task, NodeTracker node) {
        long now = now();
        task.state = RoutedTask.State.IN_FLIGHT;
        task.node = node;
        task.started(now);
        task.attempts++;
        node.inFlight.put(task.routedId, task);
        node.channel.writeAndFlush(task.routed(now), node.channel.voidPromise());
    }

    private void dispatchQueued() {
        while (!queue.isEmpty()) {
            NodeTracker node = Router.choose(nodes.values());
            if (node == null) {
                return;
            }
            dispatch(queue.poll(), node);
        }
    }

    private void requeue(RoutedTask task) {
        task.state = RoutedTask.State.QUEUED;
        task.node = null;
        queue.requeueFirst(task, task.request().priority());
    }

    /**
     * The node is full. It is tried again when it answers a task; if it holds none of ours,
     * after a delay that grows with each rejection in a row, so a node kept full by its own
     * clients is never sent a task in a loop.
     */
    private void rejectedBy(NodeTracker node) {
        node.full = true;
        int rejections = node.rejections++;
        if (node.inFlight.isEmpty()) {
            loop.schedule(() -> {
                if (node.full && node.rejections == rejections + 1) {
                    node.full = false;
                    dispatchQueued();
                }
            }, REJECTED_PROBE.ceilingNanos(rejections), TimeUnit.NANOSECONDS);
        }
    }

    /** Drops a node: its tasks are answered node_lost, or queued again if they are safe to run again. */
    private void forget(NodeTracker node, String why, Level level) {
        nodes.remove(node.address, node);
        if (node.controlAnswer != null) {
            node.controlAnswer.completeExceptionally(new IllegalStateException("lost " + node + " before it answered: " + why));
            node.controlAnswer = null;
        }
        List<RoutedTask> orphans = new ArrayList<>(node.inFlight.values());
        node.inFlight.clear();
        int lost = 0;
        int retried = 0;
        for (RoutedTask task : orphans) {
            if (task.isAnswered()) {
                continue;
            }
            if (task.request().idempotent() && task.attempts < task.maxAttempts && !draining) {
                requeue(task);
                retried++;
            } else {
                tasks.fail(task, ErrorKind.NODE_LOST, "lost " + node + " while it ran the task (" + why
                        + "); the task may or may not have run: verify its effects and retry if needed"
                        + (task.attempts > 1 ? " (attempt " + task.attempts + " of " + task.maxAttempts + ")" : ""));
                lost++;
            }
        }
        log.atLevel(level).log("{} {}: {}; {} in flight: {} answered node_lost, {} sent elsewhere ({} left)",
                node, level == Level.INFO ? "gone" : "lost", why, Plural.of(lost + retried, "task"), lost, retried,
                Plural.of(nodes.size(), "node"));
        if (nodes.isEmpty()) {
            queue.drainTo(task -> tasks.fail(task, ErrorKind.NO_NODES, "every worker node left the manager before the task could run"));
        } else {
            dispatchQueued();
        }
        checkDrained();
    }

    // ---- deadlines, the start grace, answers ----

    private void timedOut(RoutedTask task) {
        if (task.state == RoutedTask.State.QUEUED) {
            dequeue(task);
            tasks.fail(task, ErrorKind.TIMEOUT, "no node could take the task within its timeout of " + task.timeoutMillis() + " ms");
        } else {
            tasks.fail(task, ErrorKind.TIMEOUT, task.node + " did not answer within the task's timeout of " + task.timeoutMillis()
                    + " ms; the node was told to stop it");
            tellNode(task, false);
        }
    }

    /** Tells the node holding the task to stop it (or, {@code ifNotStarted}, to drop it if it has not started). */
    private void tellNode(RoutedTask task, boolean ifNotStarted) {
        NodeTracker node = task.node;
        if (node != null && node.inFlight.get(task.routedId) == task) {
            node.channel.writeAndFlush(new Cancel(task.routedId, ifNotStarted), node.channel.voidPromise());
        }
    }

    /** Just after the start, before any node has registered: nodes that knew an earlier manager are on their way. */
    private boolean inStartGrace() {
        return !hadNodes && now() - startedNanos < config.startGrace().toNanos();
    }

    /** Tasks held for nodes that have not registered since the start are answered no_nodes when the grace ends. */
    private void answerNoNodesAfterStartGrace() {
        if (startGraceTimerSet) {
            return;
        }
        startGraceTimerSet = true;
        loop.schedule(() -> {
            if (nodes.isEmpty()) {
                queue.drainTo(task -> tasks.fail(task, ErrorKind.NO_NODES, "no worker node registered within "
                        + config.startGrace().toMillis() + " ms of the manager's start"));
            }
        }, startedNanos + config.startGrace().toNanos() - now(), TimeUnit.NANOSECONDS);
    }

    private void dequeue(RoutedTask task) {
        queue.remove(task, task.request().priority());
    }

    /** Tasks in flight that still await their answer (those answered by a timeout or a cancel do not hold up a drain). */
    private int unansweredInFlight() {
        int count = 0;
        for (NodeTracker node : nodes.values()) {
            for (RoutedTask task : node.inFlight.values()) {
                if (!task.isAnswered()) {
                    count++;
                }
            }
        }
        return count;
    }

    private void checkDrained() {
        if (draining && queue.isEmpty() && unansweredInFlight() == 0) {
            drained.complete(null);
        }
    }

    private long now() {
        return loop.ticker().nanoTime();
    }
}
