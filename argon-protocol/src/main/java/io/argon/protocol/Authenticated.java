package io.argon.protocol;

import java.util.Arrays;

/**
 * The daemon accepted a peer's {@link Auth}, and proves in turn that it knows the secret too.
 * See docs/PROTOCOL.md, "Authentication".
 */
public record Authenticated(String id, byte[] proof) implements Message {
    public Authenticated {
        Messages.requireId(id);
        proof = proof.clone();
    }

    @Override
    public byte[] proof() {
        return proof.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Authenticated that && id.equals(that.id) && Arrays.equals(proof, that.proof);
    }

    @Override
    public int hashCode() {
        return id.hashCode() * 31 + Arrays.hashCode(proof);
    }

    @Override
    public String toString() {
        return "Authenticated[id=" + id + "]";
    }
}
