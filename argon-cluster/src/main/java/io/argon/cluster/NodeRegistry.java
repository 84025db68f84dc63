package io.argon.cluster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.argon.core.Backoff;
import io.argon.core.Plural;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Message;
import io.argon.protocol.Ping;
import io.argon.protocol.Pong;
import io.argon.protocol.Register;
import io.argon.protocol.Registered;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The nodes registered with a manager, and whether each can take tasks: a node registers (a
 * new registration of the same address replaces the old), says it is leaving, is let go once
 * it holds nothing, and is dropped when its connection closes or it misses its heartbeats. A
 * node that rejects a task is full until it answers one, or until a probe after a delay that
 * grows with each rejection in a row. Just after the manager starts, before any node has
 * registered, it waits a grace period for the nodes of an earlier manager to come back.
 *
 * <p>What happens to tasks is not its business: it tells its {@link Listener}s when a node
 * joins, is lost, or has room again. Confined to the manager's event loop (asserted), whose
 * ticker is its clock.
 */
final class NodeRegistry {
    /** Told of changes in the membership. Called on the loop. */
    interface Listener {
        /** A node registered and can take tasks. */
        default void joined(NodeTracker node) {
        }

        /**
         * A node is gone ({@code why}; {@code level} says whether that is news for a warning,
         * or a node that left as it said). It has been removed, and it holds its tasks still.
         */
        default void lost(NodeTracker node, String why, Level level) {
        }

        /** A node that was full may have room again. */
        default void hasRoom(NodeTracker node) {
        }
    }

    /** How long a node that rejected a task and holds none of ours waits before it is tried again. */
    static final Backoff REJECTED_PROBE = new Backoff(Duration.ofMillis(20), Duration.ofSeconds(1));
    private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);

    private final ManagerConfig config;
    private final EventLoop loop;
    private final long startedNanos;
    private final List<Listener> listeners = new ArrayList<>();
    /** Registered nodes by the address they listen on, their identity. */
    private final Map<String, NodeTracker> nodes = new LinkedHashMap<>();
    /** The same nodes, in the order they registered: what the router draws from. */
    private final List<NodeTracker> nodeList = new ArrayList<>();
    private long pingSequence;
    /** Heartbeats so far: which of its phases an idle node is pinged at. */
    private long heartbeats;
    private long lastHeartbeatNanos;
    /** A node has registered since the start: the start grace is over. */
    private boolean hadNodes;

    NodeRegistry(ManagerConfig config, EventLoop loop) {
        this.config = config;
        this.loop = loop;
        this.startedNanos = now();
    }

    void addListener(Listener listener) {
        listeners.add(listener);
    }

    // ---- who is registered ----

    /** The nodes registered now, in the order they registered. */
    List<NodeTracker> nodes() {
        assert loop.inEventLoop();
        return nodeList;
    }

    /** The node registered under {@code address}, or null. */
    NodeTracker node(String address) {
        assert loop.inEventLoop();
        return nodes.get(address);
    }

    boolean isEmpty() {
        assert loop.inEventLoop();
        return nodes.isEmpty();
    }

    /**
     * Whether the manager still waits for its first node: no node has registered since the
     * start, and the start grace has not run out.
     */
    boolean inStartGrace() {
        assert loop.inEventLoop();
        return !hadNodes && now() - startedNanos < config.startGrace().toNanos();
    }

    /** When the start grace ends, on the loop's ticker. */
    long startGraceEndsNanos() {
        return startedNanos + config.startGrace().toNanos();
    }

    // ---- what nodes say ----

    /**
     * A node registers on {@code channel}, which was {@code current}'s (null for a first
     * registration). Returns the node's record, or null when the registration is refused: the
     * manager holds {@link ManagerConfig#maxNodes()} nodes already.
     */
    NodeTracker register(Register registration, Channel channel, NodeTracker current) {
        assert loop.inEventLoop();
        Registered accepted = new Registered(registration.id(), config.daemon().maxFrameBytes());
        if (current != null && current.address.equals(registration.address()) && current.workers == registration.workers()) {
            channel.writeAndFlush(accepted);
            if (current.undrain()) {
                log.info("{} is undrained: it takes tasks again", current);
                listeners.forEach(listener -> listener.hasRoom(current));
            }
            return current;
        }
        NodeTracker previous = nodes.get(registration.address());
        if (current == null && previous == null && nodes.size() >= config.maxNodes()) {
            log.warn("refusing the registration of {}: {} nodes are registered, the limit (--max-nodes)",
                    registration.address(), nodes.size());
            channel.writeAndFlush(Failure.of(registration.id(), ErrorKind.BAD_REQUEST, "refusing the registration: "
                    + nodes.size() + " nodes are registered, this manager's limit (--max-nodes)"))
                    .addListener(ChannelFutureListener.CLOSE);
            return null;
        }
        if (current != null) {
            drop(current, "it registered again as " + registration.address(), Level.WARN);
        }
        if (previous != null) {
            drop(previous, "a new registration replaced it", Level.WARN);
            previous.channel.close();
        }
        NodeTracker node = new NodeTracker(registration.address(), registration.workers(), channel, now());
        nodes.put(node.address, node);
        nodeList.add(node);
        hadNodes = true;
        channel.writeAndFlush(accepted);
        log.info("{} registered with {} ({}, {} in all)", node, Plural.of(node.workers, "worker"), Plural.of(nodes.size(), "node"),
                Plural.of(nodes.values().stream().mapToInt(n -> n.workers).sum(), "worker"));
        listeners.forEach(listener -> listener.joined(node));
        return node;
    }

    /** Something came from the node: it is alive. A pong that answers the last heartbeat times the round trip. */
    void heard(NodeTracker node, Message message) {
        assert loop.inEventLoop();
        long now = now();
        node.heartbeat.heard(now);
        if (message instanceof Pong pong) {
            node.heartbeat.pongReceived(pong.id(), now);
        }
    }

    /** The node said it is shutting down: it finishes what it holds and gets nothing more. */
    void leaving(NodeTracker node) {
        assert loop.inEventLoop();
        if (node.leave()) {
            log.info("{} is leaving: it finishes its {} in flight and gets no more", node, Plural.of(node.inFlight(), "task"));
        }
        closeIfLeft(node);
    }

    /**
     * An operator drained the node: it finishes what it holds and gets nothing more, but stays
     * registered and connected (shown as drained) until it registers again.
     */
    void drained(NodeTracker node) {
        assert loop.inEventLoop();
        if (node.drain()) {
            log.info("{} is drained: it finishes its {} in flight and gets no more until it is undrained", node,
                    Plural.of(node.inFlight(), "task"));
        }
    }

    /**
     * A leaving node that holds nothing more of ours is let go: the manager closes the link,
     * so no task can be on its way to the node when it goes.
     */
    void closeIfLeft(NodeTracker node) {
        if (node.isLeaving() && node.inFlight() == 0) {
            node.channel.close();
        }
    }

    /** A node's connection closed. */
    void linkClosed(NodeTracker node) {
        assert loop.inEventLoop();
        if (node != null && nodes.get(node.address) == node) {
            if (node.isLeaving()) {
                drop(node, "it left", Level.INFO);
            } else {
                drop(node, "its connection closed", Level.WARN);
            }
        }
    }

    /**
     * The node rejected a task: it is full. It is tried again when it answers a task; if it
     * holds none of ours, after a delay that grows with each rejection in a row, so a node kept
     * full by its own clients is never sent a task in a loop.
     */
    void rejected(NodeTracker node) {
        assert loop.inEventLoop();
        int before = node.rejected();
        if (node.inFlight() == 0) {
            loop.schedule(() -> {
                if (node.probe(before)) {
                    listeners.forEach(listener -> listener.hasRoom(node));
                }
            }, REJECTED_PROBE.ceilingNanos(before), TimeUnit.NANOSECONDS);
        }
    }

    // ---- heartbeats ----

    /**
     * Drops the nodes that left {@code heartbeatMisses} pings in a row unanswered, and pings
     * those due (see {@link NodeHeartbeat}: every node that holds tasks, idle ones less often).
     * Called every {@code heartbeatInterval} by the manager.
     */
    void heartbeat() {
        assert loop.inEventLoop();
        long now = now();
        // If this check itself runs late, the manager was stalled (GC, an overloaded
        // machine): its nodes' silence is not theirs, so no miss is counted this round.
        boolean stalled = heartbeats > 0 && now - lastHeartbeatNanos > 2 * config.heartbeatInterval().toNanos();
        lastHeartbeatNanos = now;
        long tick = ++heartbeats;
        for (NodeTracker node : new ArrayList<>(nodeList)) {
            NodeHeartbeat heartbeat = node.heartbeat;
            if (heartbeat.countMiss(!stalled) >= config.heartbeatMisses()) {
                drop(node, "no answer to " + config.heartbeatMisses() + " heartbeats", Level.WARN);
                node.channel.close();
            } else if (heartbeat.pingDue(tick, node.inFlight() > 0)) {
                String id = "hb-" + (++pingSequence);
                heartbeat.pingSent(id, now);
                node.send(new Ping(id));
            }
        }
    }

    /** Each node as the status report shows it. */
    void describe(ArrayNode into) {
        assert loop.inEventLoop();
        long now = now();
        for (NodeTracker node : nodes.values()) {
            node.describe(into.addObject(), now);
        }
    }

    /** Removes a node and tells the listeners. */
    private void drop(NodeTracker node, String why, Level level) {
        if (nodes.remove(node.address, node)) {
            nodeList.remove(node);
        }
        listeners.forEach(listener -> listener.lost(node, why, level));
    }

    private long now() {
        return loop.ticker().nanoTime();
    }
}
