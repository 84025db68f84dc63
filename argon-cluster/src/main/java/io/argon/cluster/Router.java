package io.argon.cluster;

import java.util.Collection;

/**
 * Chooses the node for the next task: among nodes with room, the one with the lowest expected
 * completion time, estimated task time x (tasks in flight + 1). A node with no history yet has
 * an expected time of zero, so it is tried early and gets a history. Estimates age (see
 * {@link NodeTracker#estimateNanos}), and a node left idle with an old sample is probed, so
 * that every healthy node keeps getting work and a slow start is forgiven.
 */
final class Router {
    private Router() {
    }

    /** The best node with room at {@code nowNanos}, or null if every node is full. */
    static NodeTracker choose(Collection<NodeTracker> nodes, long nowNanos) {
        long floor = Long.MAX_VALUE;
        for (NodeTracker node : nodes) {
            if (node.hasHistory()) {
                floor = Math.min(floor, node.averageNanos());
            }
        }
        NodeTracker best = null;
        long bestExpected = Long.MAX_VALUE;
        for (NodeTracker node : nodes) {
            if (!node.hasRoom()) {
                continue;
            }
            if (node.dueForProbe(nowNanos)) {
                return node;
            }
            long expected = node.expectedNanos(nowNanos, floor);
            // Ties (e.g. several fresh nodes) go to the node with fewer tasks in flight.
            if (expected < bestExpected || (expected == bestExpected && node.inFlight() < best.inFlight())) {
                best = node;
                bestExpected = expected;
            }
        }
        return best;
    }
}
