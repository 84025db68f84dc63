package io.argon.cluster;

import java.util.Collection;

/**
 * Chooses the node for the next task: among nodes with room, the one with the lowest expected
 * completion time, average task time x (tasks in flight + 1). A node with no history yet has
 * an expected time of zero, so it is tried early and gets a history.
 */
final class Router {
    private Router() {
    }

    /** The best node with room, or null if every node is full. */
    static NodeTracker choose(Collection<NodeTracker> nodes) {
        NodeTracker best = null;
        long bestExpected = Long.MAX_VALUE;
        for (NodeTracker node : nodes) {
            if (!node.hasRoom()) {
                continue;
            }
            long expected = node.expectedNanos();
            // Ties (e.g. several fresh nodes) go to the node with fewer tasks in flight.
            if (expected < bestExpected || (expected == bestExpected && node.inFlight() < best.inFlight())) {
                best = node;
                bestExpected = expected;
            }
        }
        return best;
    }
}
