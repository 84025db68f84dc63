package io.argon.client;

import io.argon.core.Backoff;
import io.argon.core.protocol.Messages;
import java.time.Duration;

/**
 * How an {@link ArgonClient} connects and retries.
 *
 * @param maxRetries how often a rejected task is sent again; -1 means without limit
 * @param backoff    how long to wait before each retry of a rejected task
 */
public record ClientOptions(int maxRetries, Backoff backoff, Duration connectTimeout, int maxFrameBytes) {
    public ClientOptions {
        if (maxRetries < -1) {
            throw new IllegalArgumentException("maxRetries must be >= -1, got " + maxRetries);
        }
        if (maxFrameBytes < 1024 || maxFrameBytes > Integer.MAX_VALUE - 4) {
            throw new IllegalArgumentException("maxFrameBytes must be between 1 KiB and 2 GiB, got " + maxFrameBytes);
        }
    }

    public static ClientOptions defaults() {
        return new ClientOptions(-1, Backoff.DEFAULT, Duration.ofSeconds(10), Messages.DEFAULT_MAX_FRAME_BYTES);
    }

    public ClientOptions withMaxRetries(int retries) {
        return new ClientOptions(retries, backoff, connectTimeout, maxFrameBytes);
    }

    public ClientOptions withBackoff(Backoff newBackoff) {
        return new ClientOptions(maxRetries, newBackoff, connectTimeout, maxFrameBytes);
    }

    public ClientOptions withConnectTimeout(Duration timeout) {
        return new ClientOptions(maxRetries, backoff, timeout, maxFrameBytes);
    }

    public ClientOptions withMaxFrameBytes(int bytes) {
        return new ClientOptions(maxRetries, backoff, connectTimeout, bytes);
    }
}
