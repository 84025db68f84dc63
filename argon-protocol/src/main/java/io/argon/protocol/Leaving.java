package io.argon.protocol;

/**
 * A node tells its manager that it takes nothing new: it finishes what it holds, and the manager
 * sends it no more tasks. Not answered. A node shutting down is let go (the manager closes the
 * link once the node holds nothing of its); a node {@code drained} by an operator stays
 * registered and connected, shown as drained, until it registers again on the same link.
 */
public record Leaving(String id, boolean drain) implements Message {
    public Leaving {
        Messages.requireId(id);
    }

    /** A node shutting down. */
    public Leaving(String id) {
        this(id, false);
    }
}
