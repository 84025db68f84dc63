package io.argon.client;

import io.argon.core.Backoff;
import io.argon.core.security.Secret;
import io.argon.core.security.TlsConfig;
import io.argon.protocol.Messages;
import java.time.Duration;

/**
 * How an {@link ArgonClient} connects and retries.
 *
 * @param maxRetries how often a rejected task is sent again; -1 means without limit
 * @param backoff    how long to wait before each retry of a rejected task
 * @param secret     the shared secret, for a daemon started with one; null for none
 * @param tls        TLS to the daemon: a CA to trust (and a certificate to present, for mutual
 *                   TLS); {@link TlsConfig#NONE} for plain TCP
 */
public record ClientOptions(int maxRetries, Backoff backoff, Duration connectTimeout, int maxFrameBytes, Secret secret,
        TlsConfig tls) {
    public ClientOptions {
        if (maxRetries < -1) {
            throw new IllegalArgumentException("maxRetries must be >= -1, got " + maxRetries);
        }
        if (maxFrameBytes < 1024 || maxFrameBytes > Integer.MAX_VALUE - 4) {
            throw new IllegalArgumentException("maxFrameBytes must be between 1 KiB and 2 GiB, got " + maxFrameBytes);
        }
        if (tls == null) {
            tls = TlsConfig.NONE;
        }
    }

    /** Defaults, with the secret in the {@value Secret#ENVIRONMENT} environment variable if it is set. */
    public static ClientOptions defaults() {
        return new ClientOptions(-1, Backoff.DEFAULT, Duration.ofSeconds(10), Messages.DEFAULT_MAX_FRAME_BYTES,
                Secret.fromEnvironment(), TlsConfig.NONE);
    }

    public ClientOptions withMaxRetries(int retries) {
        return new ClientOptions(retries, backoff, connectTimeout, maxFrameBytes, secret, tls);
    }

    public ClientOptions withBackoff(Backoff newBackoff) {
        return new ClientOptions(maxRetries, newBackoff, connectTimeout, maxFrameBytes, secret, tls);
    }

    public ClientOptions withConnectTimeout(Duration timeout) {
        return new ClientOptions(maxRetries, backoff, timeout, maxFrameBytes, secret, tls);
    }

    public ClientOptions withMaxFrameBytes(int bytes) {
        return new ClientOptions(maxRetries, backoff, connectTimeout, bytes, secret, tls);
    }

    /** Proves this secret to the daemon, and requires the daemon to prove it too. */
    public ClientOptions withSecret(Secret newSecret) {
        return new ClientOptions(maxRetries, backoff, connectTimeout, maxFrameBytes, newSecret, tls);
    }

    /** Speaks TLS to the daemon, trusting the CA in {@code tls} (see {@link TlsConfig}). */
    public ClientOptions withTls(TlsConfig newTls) {
        return new ClientOptions(maxRetries, backoff, connectTimeout, maxFrameBytes, secret, newTls);
    }
}
