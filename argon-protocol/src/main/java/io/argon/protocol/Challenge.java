package io.argon.protocol;

import java.util.Arrays;

/**
 * A daemon that has a secret opens every connection with a fresh random {@code nonce}; the
 * peer answers with {@link Auth}. See docs/PROTOCOL.md, "Authentication".
 */
public record Challenge(String id, byte[] nonce) implements Message {
    public Challenge {
        Messages.requireId(id);
        nonce = nonce.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Challenge that && id.equals(that.id) && Arrays.equals(nonce, that.nonce);
    }

    @Override
    public int hashCode() {
        return id.hashCode() * 31 + Arrays.hashCode(nonce);
    }

    @Override
    public String toString() {
        return "Challenge[id=" + id + "]";
    }
}
