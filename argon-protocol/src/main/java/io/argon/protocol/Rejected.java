package io.argon.protocol;

/** The receiver's queue is full: nothing was done, and the sender should retry later. */
public record Rejected(String id, String reason) implements Message {
    public Rejected {
        Messages.requireId(id);
    }
}
