package io.argon.core.protocol;

/** A manager accepted a node's {@link Register}. */
public record Registered(String id) implements Message {
    public Registered {
        Messages.requireId(id);
    }
}
