package io.argon.protocol;

/**
 * A node announces itself to a manager: {@code address} is where it listens (its identity)
 * and {@code workers} how many tasks it runs at once. Answered by {@link Registered}.
 */
public record Register(String id, String address, int workers) implements Message {
    public Register {
        Messages.requireId(id);
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("register needs an 'address'");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("register needs 'workers' >= 1, got " + workers);
        }
    }
}
