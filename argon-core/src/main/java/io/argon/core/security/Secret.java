package io.argon.core.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret every party of a deployment shares: a daemon serves only peers that prove they
 * know it, and proves it knows it in turn. It never crosses the wire: each side sends an
 * HMAC-SHA256 of both sides' fresh nonces (see docs/PROTOCOL.md, "Authentication"), and
 * proofs are compared in constant time. Never printed: {@link #toString()} says nothing of it.
 */
public final class Secret {
    /** Shorter secrets are refused: an HMAC of a guessable secret can be guessed offline. */
    public static final int MIN_BYTES = 16;
    /** A secret file larger than this is refused: it is not one secret. */
    public static final int MAX_FILE_BYTES = 4096;
    /** Bytes in each side's nonce. */
    public static final int NONCE_BYTES = 32;
    /** The environment variable every command reads the secret from, when no file is given. */
    public static final String ENVIRONMENT = "ARGON_SECRET";

    private static final String ALGORITHM = "HmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Which side a proof is for: each side's proof covers the same nonces under its own label. */
    public enum Side {
        CLIENT("argon-auth-v1 client"),
        SERVER("argon-auth-v1 server");

        private final byte[] label;

        Side(String label) {
            this.label = (label + '\0').getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final SecretKeySpec key;

    private Secret(byte[] bytes) {
        if (bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException("the secret is " + bytes.length + " bytes; it must be at least " + MIN_BYTES
                    + " (for example the output of 'openssl rand -base64 32')");
        }
        this.key = new SecretKeySpec(bytes, ALGORITHM);
        Arrays.fill(bytes, (byte) 0);
    }

    public static Secret of(byte[] bytes) {
        return new Secret(bytes.clone());
    }

    /**
     * Reads the secret from a file: its bytes, less one line ending at the end. A file that
     * others than its owner can read is refused, as ssh refuses a private key anyone can read;
     * a missing one with a command that makes one. A directory, or a file larger than
     * {@value #MAX_FILE_BYTES} bytes, is refused as not a secret file.
     */
    public static Secret fromFile(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a directory; give the file that holds the secret");
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                throw new IOException(file + " can be read by others than its owner; run 'chmod 600 " + file + "'");
            }
        } catch (UnsupportedOperationException notPosix) {
            // no POSIX permissions to check on this file system
        } catch (NoSuchFileException missing) {
            throw new NoSuchFileException(file.toString(), null, "no such file; make one, readable by its owner only, with "
                    + "'(umask 077; head -c 32 /dev/urandom | base64 > " + file + ")', then a copy to every node, manager and client");
        }
        if (Files.isRegularFile(file) && Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException(file + " is " + Files.size(file) + " bytes; a secret file holds one secret of at most "
                    + MAX_FILE_BYTES + " bytes");
        }
        byte[] bytes = Files.readAllBytes(file);
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\n') {
            length--;
            if (length > 0 && bytes[length - 1] == '\r') {
                length--;
            }
        }
        byte[] secret = Arrays.copyOf(bytes, length);
        Arrays.fill(bytes, (byte) 0);
        try {
            return new Secret(secret);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
    }

    /** The secret in {@value #ENVIRONMENT}, or null if it is not set. */
    public static Secret fromEnvironment() {
        String value = System.getenv(ENVIRONMENT);
        return value == null || value.isEmpty() ? null : new Secret(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh random nonce. */
    public static byte[] nonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /** HMAC-SHA256 over the side's label, a zero byte, the server's nonce, then the client's. */
    public byte[] proof(Side side, byte[] serverNonce, byte[] clientNonce) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(side.label);
            mac.update(serverNonce);
            mac.update(clientNonce);
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    /** Whether {@code proof} is the side's proof over these nonces; in constant time. */
    public boolean verify(Side side, byte[] serverNonce, byte[] clientNonce, byte[] proof) {
        return clientNonce.length == NONCE_BYTES && MessageDigest.isEqual(proof(side, serverNonce, clientNonce), proof);
    }

    /**
     * Whether {@code candidate} holds this secret's bytes, as a person typed it into the
     * dashboard's login: compared in constant time, as HMACs of one label under each, so that
     * neither the bytes nor the length show in the time it takes.
     */
    public boolean matches(byte[] candidate) {
        if (candidate.length == 0) {
            return false;
        }
        byte[] label = "argon-password-v1".getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(mac(key, label), mac(new SecretKeySpec(candidate, ALGORITHM), label));
    }

    private static byte[] mac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    /**
     * Whether {@code other} is a secret of the same bytes (compared in constant time): so that
     * settings holding a secret can be compared, as argon-junit does to share a node.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && key.equals(secret.key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return "Secret[not shown]";
    }
}
