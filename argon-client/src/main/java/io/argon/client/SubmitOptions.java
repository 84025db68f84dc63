package io.argon.client;

import io.argon.task.Priority;
import java.time.Duration;

/**
 * Per-task choices.
 *
 * @param idempotent  the task is safe to run twice: if the worker or node running it is lost,
 *                    the daemon may run it again instead of answering with an error
 * @param timeout     how long the task may take, counted from when the daemon reads it; past
 *                    that it is answered {@code timeout} and stopped. {@link Duration#ZERO} for
 *                    none of its own (a node's {@code --task-timeout} may still apply)
 * @param maxAttempts how many times an idempotent task may be tried; 0 for the daemon's bound,
 *                    which a task can lower but not raise
 */
public record SubmitOptions(Priority priority, boolean idempotent, Duration timeout, int maxAttempts) {
    public static final SubmitOptions DEFAULT = new SubmitOptions(Priority.NORMAL, false, Duration.ZERO, 0);

    public SubmitOptions {
        if (priority == null) {
            priority = Priority.NORMAL;
        }
        if (timeout == null) {
            timeout = Duration.ZERO;
        }
        if (timeout.isNegative() || (!timeout.isZero() && timeout.toMillis() < 1)) {
            throw new IllegalArgumentException("a task's timeout must be at least 1 ms, got " + timeout);
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("max attempts must be at least 1 (or 0 for the daemon's), got " + maxAttempts);
        }
    }

    public SubmitOptions(Priority priority, boolean idempotent) {
        this(priority, idempotent, Duration.ZERO, 0);
    }

    public SubmitOptions withPriority(Priority newPriority) {
        return new SubmitOptions(newPriority, idempotent, timeout, maxAttempts);
    }

    public SubmitOptions asIdempotent() {
        return new SubmitOptions(priority, true, timeout, maxAttempts);
    }

    public SubmitOptions withTimeout(Duration newTimeout) {
        return new SubmitOptions(priority, idempotent, newTimeout, maxAttempts);
    }

    public SubmitOptions withMaxAttempts(int newMaxAttempts) {
        return new SubmitOptions(priority, idempotent, timeout, newMaxAttempts);
    }
}
