package io.argon.protocol;

/** Liveness check; answered with a {@link Pong} of the same id. */
public record Ping(String id) implements Message {
    public Ping {
        Messages.requireId(id);
    }
}
