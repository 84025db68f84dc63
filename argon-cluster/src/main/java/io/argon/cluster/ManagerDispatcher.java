package io.argon.cluster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.core.TaskQueue;
import io.argon.core.Version;
import io.argon.core.net.Daemon;
import io.argon.core.net.PendingTask;
import io.argon.core.protocol.ErrorKind;
import io.argon.core.protocol.Failure;
import io.argon.core.protocol.Json;
import io.argon.core.protocol.Message;
import io.argon.core.protocol.Ping;
import io.argon.core.protocol.Pong;
import io.argon.core.protocol.RawJson;
import io.argon.core.protocol.Register;
import io.argon.core.protocol.Registered;
import io.argon.core.protocol.Rejected;
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

/**
 * Decides where a manager's tasks go. Each task goes to the node with the lowest expected
 * completion time that has room in its window ({@link Router}, {@link NodeTracker}); when
 * every node is full it waits in the bounded queue and goes out as soon as one has room. A
 * node that closes its connection or misses its heartbeats is dropped: its tasks in flight
 * are answered node_lost (their outcome is unknown), or sent elsewhere when the client said
 * they are safe to retry.
 *
 * <p>All of its state is confined to the manager's event loop; the methods assert it. Time is
 * the loop's ticker, so a test drives routing, heartbeats and pauses with an embedded loop
 * and a mock ticker.
 */
final class ManagerDispatcher implements Daemon.Role {
    /** A node that rejected a task gets no more for this long. */
    static final Duration REFUSAL_PAUSE = Duration.ofMillis(20);
    private static final Logger log = LoggerFactory.getLogger(ManagerDispatcher.class);

    private final ManagerConfig config;
    private final EventLoop loop;
    private final TaskQueue<RoutedTask> queue;
    /** Registered nodes by the address they listen on, their identity. */
    private final Map<String, NodeTracker> nodes = new LinkedHashMap<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private final long startedNanos;
    private long nextId;
    private long pingSequence;
    private long lastHeartbeatNanos;
    private boolean draining;

    ManagerDispatcher(ManagerConfig config, EventLoop loop) {
        this.config = config;
        this.loop = loop;
        this.queue = new TaskQueue<>(config.queueLimit());
        this.startedNanos = now();
    }

    // ---- requests from clients ----

    /** Sends the task to the best node with room, queues it, or rejects it when the queue is full. */
    void submit(PendingTask pending) {
        assert loop.inEventLoop();
        if (draining) {
            pending.fail(ErrorKind.SHUTTING_DOWN, "the manager is shutting down");
            return;
        }
        if (nodes.isEmpty()) {
            pending.fail(ErrorKind.NO_NODES, "no worker nodes are registered with this manager");
            return;
        }
        RoutedTask task = new RoutedTask(pending, Long.toString(++nextId));
        NodeTracker node = queue.isEmpty() ? Router.choose(nodes.values(), now()) : null;
        if (node != null) {
            dispatch(task, node);
        } else if (!queue.offer(task, task.request().priority())) {
            pending.reject("queue full (" + queue.capacity() + " tasks waiting for a node)");
        }
    }

    // ---- messages from nodes ----

    /**
     * A node registers on {@code channel}, which was {@code current}'s (null for a first
     * registration). Returns the node's record.
     */
    NodeTracker register(Register registration, Channel channel, NodeTracker current) {
        assert loop.inEventLoop();
        if (current != null && current.address.equals(registration.address()) && current.workers == registration.workers()) {
            channel.writeAndFlush(new Registered(registration.id()));
            return current;
        }
        if (current != null) {
            forget(current, "it registered again as " + registration.address());
        }
        NodeTracker previous = nodes.get(registration.address());
        if (previous != null) {
            forget(previous, "a new registration replaced it");
            previous.channel.close();
        }
        NodeTracker node = new NodeTracker(registration.address(), registration.workers(), channel, now());
        nodes.put(node.address, node);
        channel.writeAndFlush(new Registered(registration.id()));
        log.info("{} registered with {} workers ({} nodes, {} workers in all)", node, node.workers, nodes.size(),
                nodes.values().stream().mapToInt(n -> n.workers).sum());
        dispatchQueued();
        return node;
    }

    /** A node answered a task or a heartbeat. */
    void nodeReplied(NodeTracker node, Message reply) {
        assert loop.inEventLoop();
        long now = now();
        node.lastHeardNanos = now;
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
            // The node's own queue is full (clients are talking to it directly): give it a
            // moment and send the task elsewhere, ahead of newer work.
            queue.requeueFirst(task, task.request().priority());
            node.refuseUntil(now + REFUSAL_PAUSE.toNanos());
            loop.schedule(this::dispatchQueued, REFUSAL_PAUSE.toNanos(), TimeUnit.NANOSECONDS);
        } else if (reply instanceof Failure failure && failure.kind() == ErrorKind.SHUTTING_DOWN) {
            // The node is draining and did not start the task: it is safe to run elsewhere.
            node.leaving = true;
            queue.requeueFirst(task, task.request().priority());
        } else {
            node.recordTask(now - task.dispatchedNanos);
            task.relay(reply);
        }
        dispatchQueued();
        checkDrained();
    }

    /** A node's connection closed. */
    void nodeLinkClosed(NodeTracker node) {
        assert loop.inEventLoop();
        if (nodes.get(node.address) == node) {
            forget(node, "its connection closed");
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
        boolean stalled = lastHeartbeatNanos != 0 && now - lastHeartbeatNanos > 2 * interval;
        lastHeartbeatNanos = now;
        long deadline = interval * config.heartbeatMisses();
        for (NodeTracker node : new ArrayList<>(nodes.values())) {
            if (stalled) {
                node.lastHeardNanos = Math.max(node.lastHeardNanos, now - interval);
            }
            if (now - node.lastHeardNanos > deadline) {
                forget(node, "no answer to " + config.heartbeatMisses() + " heartbeats");
                node.channel.close();
            } else {
                String id = "hb-" + (++pingSequence);
                node.pingSent(id, now);
                node.channel.writeAndFlush(new Ping(id), node.channel.voidPromise());
            }
        }
    }

    // ---- status and shutdown ----

    /** What a status request is answered with. */
    RawJson statusReport() {
        assert loop.inEventLoop();
        ObjectNode report = Json.MAPPER.createObjectNode()
                .put("role", "manager")
                .put("version", Version.get())
                .put("uptime_ms", TimeUnit.NANOSECONDS.toMillis(now() - startedNanos))
                .put("queued", queue.size());
        ArrayNode list = report.putArray("nodes");
        for (NodeTracker node : nodes.values()) {
            list.addObject()
                    .put("address", node.address)
                    .put("workers", node.workers)
                    .put("in_flight", node.inFlight.size())
                    .put("window", node.window());
        }
        return RawJson.of(report);
    }

    @Override
    public CompletableFuture<Void> drain() {
        assert loop.inEventLoop();
        draining = true;
        log.info("shutting down: {} tasks on nodes, {} queued; waiting up to {} s for them",
                inFlightCount(), queue.size(), config.shutdownGrace().toSeconds());
        checkDrained();
        return drained;
    }

    @Override
    public void abandon() {
        assert loop.inEventLoop();
        queue.drainTo(task -> task.fail(ErrorKind.SHUTTING_DOWN, "the manager shut down before the task was sent to a node"));
        for (NodeTracker node : nodes.values()) {
            // The outcome is unknown, as when a node is lost; shutting_down would say it never ran.
            node.inFlight.values().forEach(task -> task.fail(ErrorKind.NODE_LOST,
                    "the manager shut down before the node answered; the task may or may not have run"));
            node.inFlight.clear();
        }
    }

    // ---- routing ----

    private void dispatch(RoutedTask task, NodeTracker node) {
        task.dispatchedNanos = now();
        node.inFlight.put(task.routedId, task);
        node.channel.writeAndFlush(task.routed(), node.channel.voidPromise());
    }

    private void dispatchQueued() {
        long now = now();
        while (!queue.isEmpty()) {
            NodeTracker node = Router.choose(nodes.values(), now);
            if (node == null) {
                return;
            }
            dispatch(queue.poll(), node);
        }
    }

    /** Drops a node: its tasks are answered node_lost, or re-queued if they are safe to retry. */
    private void forget(NodeTracker node, String why) {
        nodes.remove(node.address, node);
        List<RoutedTask> orphans = new ArrayList<>(node.inFlight.values());
        node.inFlight.clear();
        int retried = 0;
        for (RoutedTask task : orphans) {
            if (task.request().idempotent() && !draining) {
                queue.requeueFirst(task, task.request().priority());
                retried++;
            } else {
                task.fail(ErrorKind.NODE_LOST, "lost " + node + " while it ran the task (" + why
                        + "); the task may or may not have run: verify its effects and retry if needed");
            }
        }
        log.warn("{} lost: {}; {} tasks in flight: {} answered node_lost, {} sent elsewhere ({} nodes left)",
                node, why, orphans.size(), orphans.size() - retried, retried, nodes.size());
        if (nodes.isEmpty()) {
            queue.drainTo(task -> task.fail(ErrorKind.NO_NODES, "every worker node left the manager before the task could run"));
        } else {
            dispatchQueued();
        }
        checkDrained();
    }

    private int inFlightCount() {
        return nodes.values().stream().mapToInt(n -> n.inFlight.size()).sum();
    }

    private void checkDrained() {
        if (draining && queue.isEmpty() && inFlightCount() == 0) {
            drained.complete(null);
        }
    }

    private long now() {
        return loop.ticker().nanoTime();
    }
}
