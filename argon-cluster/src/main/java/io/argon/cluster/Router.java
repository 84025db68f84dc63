package io.argon.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Chooses the node for the next task: among nodes with room, the one with the lowest expected
 * completion time, estimated task time x (tasks in flight + 1). A node with no history yet has
 * an expected time of zero, so it is tried early and gets a history. Estimates age (see
 * {@link NodeTracker#estimateNanos}), and a node left idle with an old sample is probed, so
 * that every healthy node keeps getting work and a slow start is forgiven.
 *
 * <p>Its cost does not grow with the number of nodes. Up to {@link #SCAN_ALL_UP_TO} nodes it
 * looks at every one. Beyond, it weighs {@link #CHOICES} nodes with room drawn at random (the
 * "power of two choices", which keeps the longest queue within a small factor of the best
 * choice's), and it looks at every node only every {@link #REFRESH_NANOS}: for the best
 * average any node shows, which ages the others' estimates, and for the nodes due for a
 * probe, which are sent the next tasks before any random choice. Only when random draws find
 * no node with room does it look at every one, to be sure that none has.
 *
 * <p>On the manager's loop, like the dispatcher that owns it.
 */
final class Router {
    /** Up to this many nodes, every one is weighed for every task. */
    static final int SCAN_ALL_UP_TO = 32;
    /** Nodes with room weighed for each task beyond {@link #SCAN_ALL_UP_TO}. */
    static final int CHOICES = 2;
    /** Random draws for the {@link #CHOICES} before every node is looked at. */
    static final int DRAWS = 16;
    /** How often the best average and the nodes due for a probe are found, beyond {@link #SCAN_ALL_UP_TO}. */
    static final long REFRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final RandomGenerator random;
    private final List<NodeTracker> dueForProbe = new ArrayList<>();
    private long floorNanos = Long.MAX_VALUE;
    private long refreshedNanos;
    private boolean refreshed;

    /** @param random draws the nodes weighed when there are many; a test passes a seeded one */
    Router(RandomGenerator random) {
        this.random = random;
    }

    /** The best node with room at {@code nowNanos}, or null if every node is full. */
    NodeTracker choose(List<NodeTracker> nodes, long nowNanos) {
        if (nodes.size() <= SCAN_ALL_UP_TO) {
            return scan(nodes, nowNanos, floor(nodes));
        }
        if (!refreshed || nowNanos - refreshedNanos >= REFRESH_NANOS) {
            refresh(nodes, nowNanos);
        }
        while (!dueForProbe.isEmpty()) {
            NodeTracker probe = dueForProbe.remove(dueForProbe.size() - 1);
            if (probe.hasRoom() && probe.dueForProbe(nowNanos)) {
                return probe;
            }
        }
        NodeTracker best = null;
        long bestExpected = Long.MAX_VALUE;
        int weighed = 0;
        for (int draw = 0; draw < DRAWS && weighed < CHOICES; draw++) {
            NodeTracker node = nodes.get(random.nextInt(nodes.size()));
            if (!node.hasRoom()) {
                continue;
            }
            weighed++;
            long expected = node.expectedNanos(nowNanos, floorNanos);
            if (isBetter(node, expected, best, bestExpected)) {
                best = node;
                bestExpected = expected;
            }
        }
        return best != null ? best : scan(nodes, nowNanos, floorNanos);
    }

    /** The node is gone: it is probed no more. */
    void forget(NodeTracker node) {
        dueForProbe.remove(node);
    }

    private void refresh(List<NodeTracker> nodes, long nowNanos) {
        floorNanos = floor(nodes);
        dueForProbe.clear();
        for (NodeTracker node : nodes) {
            if (node.dueForProbe(nowNanos)) {
                dueForProbe.add(node);
            }
        }
        refreshed = true;
        refreshedNanos = nowNanos;
    }

    /** The best average any node shows. */
    private static long floor(List<NodeTracker> nodes) {
        long floor = Long.MAX_VALUE;
        for (NodeTracker node : nodes) {
            if (node.hasHistory()) {
                floor = Math.min(floor, node.averageNanos());
            }
        }
        return floor;
    }

    /** Every node weighed: a node due for a probe first, else the lowest expected time. */
    private static NodeTracker scan(List<NodeTracker> nodes, long nowNanos, long floorNanos) {
        NodeTracker best = null;
        long bestExpected = Long.MAX_VALUE;
        for (NodeTracker node : nodes) {
            if (!node.hasRoom()) {
                continue;
            }
            if (node.dueForProbe(nowNanos)) {
                return node;
            }
            long expected = node.expectedNanos(nowNanos, floorNanos);
            if (isBetter(node, expected, best, bestExpected)) {
                best = node;
                bestExpected = expected;
            }
        }
        return best;
    }

    /** Whether {@code node}, expected to take {@code expected}, beats {@code best}: ties (e.g. fresh nodes) go to fewer tasks in flight. */
    private static boolean isBetter(NodeTracker node, long expected, NodeTracker best, long bestExpected) {
        return best == null || expected < bestExpected || (expected == bestExpected && node.inFlight() < best.inFlight());
    }
}
