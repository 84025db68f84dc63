package io.argon.protocol;

/** Asks a node or manager what it is doing; answered with a {@link StatusReport} of the same id. */
public record Status(String id) implements Message {
    public Status {
        Messages.requireId(id);
    }
}
