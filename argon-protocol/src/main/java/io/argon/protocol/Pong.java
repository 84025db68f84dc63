package io.argon.protocol;

/** The answer to a {@link Ping}. */
public record Pong(String id) implements Message {
    public Pong {
        Messages.requireId(id);
    }
}
