package io.argon.protocol;

import java.util.Arrays;

/**
 * A peer proves it knows the secret: {@code proof} is an HMAC of the daemon's challenge and of
 * the peer's own fresh {@code nonce}, which the daemon's {@link Authenticated} proof covers in
 * turn. See docs/PROTOCOL.md, "Authentication".
 */
public record Auth(String id, byte[] nonce, byte[] proof) implements Message {
    public Auth {
        Messages.requireId(id);
        nonce = nonce.clone();
        proof = proof.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] proof() {
        return proof.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Auth that && id.equals(that.id) && Arrays.equals(nonce, that.nonce) && Arrays.equals(proof, that.proof);
    }

    @Override
    public int hashCode() {
        return (id.hashCode() * 31 + Arrays.hashCode(nonce)) * 31 + Arrays.hashCode(proof);
    }

    @Override
    public String toString() {
        return "Auth[id=" + id + "]";
    }
}
