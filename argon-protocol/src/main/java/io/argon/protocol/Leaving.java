package io.argon.protocol;

/**
 * A node tells its manager that it is shutting down: it finishes what it holds and takes
 * nothing new, so the manager sends it no more tasks. Not answered.
 */
public record Leaving(String id) implements Message {
    public Leaving {
        Messages.requireId(id);
    }
}
