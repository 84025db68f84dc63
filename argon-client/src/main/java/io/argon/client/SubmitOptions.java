package io.argon.client;

import io.argon.task.Priority;
import java.time.Duration;

/**
 * Per-task choices.
 *
 * @param priority    how urgently the task wants a worker: queues serve higher priorities first;
 *                    null for {@link Priority#NORMAL}
 * @param idempotent  the task is safe to run twice: if the worker or node running it is lost,
 *                    the daemon may run it again instead of answering with an error
 * @param timeout     how long the task may take, counted from when it leaves the client (time
 *                    spent waiting for a place in the client's window is not counted); past that
 *                    it is answered {@code timeout} and stopped, and with no answer 1 s later the
 *                    client fails it itself. {@link Duration#ZERO} for none of its own (a node's
 *                    {@code --task-timeout} may still apply)
 * @param maxAttempts how many times an idempotent task may be tried; 0 for the daemon's bound,
 *                    which a task can lower but not raise
 */
public record SubmitOptions(Priority priority, boolean idempotent, Duration timeout, int maxAttempts) {
    /** Normal priority, not idempotent, no timeout of its own, and the daemon's bound on attempts. */
    public static final SubmitOptions DEFAULT = new SubmitOptions(Priority.NORMAL, false, Duration.ZERO, 0);

    /**
     * Checks each choice, and puts the defaults in place of nulls.
     *
     * @param priority    how urgently the task wants a worker; null for {@link Priority#NORMAL}
     * @param idempotent  whether the task is safe to run twice, and so to run again when it is lost
     * @param timeout     how long the task may take, at least 1 ms; {@link Duration#ZERO} or null for none of its own
     * @param maxAttempts how many times an idempotent task may be tried; 0 for the daemon's bound
     * @throws IllegalArgumentException when {@code timeout} is negative or under 1 ms, or {@code maxAttempts} is
     *                                  negative
     */
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

    /**
     * Options with no timeout of the task's own and the daemon's bound on attempts.
     *
     * @param priority   how urgently the task wants a worker; null for {@link Priority#NORMAL}
     * @param idempotent whether the task is safe to run twice, and so to run again when it is lost
     */
    public SubmitOptions(Priority priority, boolean idempotent) {
        this(priority, idempotent, Duration.ZERO, 0);
    }

    /**
     * These options, with another priority.
     *
     * @param newPriority how urgently the task wants a worker; null for {@link Priority#NORMAL}
     * @return a copy of these options with that priority
     */
    public SubmitOptions withPriority(Priority newPriority) {
        return new SubmitOptions(newPriority, idempotent, timeout, maxAttempts);
    }

    /**
     * These options, marking the task safe to run twice: a task lost with its worker, node or
     * connection may be run again rather than failed.
     *
     * @return a copy of these options, idempotent
     */
    public SubmitOptions asIdempotent() {
        return new SubmitOptions(priority, true, timeout, maxAttempts);
    }

    /**
     * These options, with another timeout.
     *
     * @param newTimeout how long the task may take, at least 1 ms; {@link Duration#ZERO} or null for none of its own
     * @return a copy of these options with that timeout
     * @throws IllegalArgumentException when {@code newTimeout} is negative or under 1 ms
     */
    public SubmitOptions withTimeout(Duration newTimeout) {
        return new SubmitOptions(priority, idempotent, newTimeout, maxAttempts);
    }

    /**
     * These options, with another bound on how many times an idempotent task may be tried.
     *
     * @param newMaxAttempts the bound, which can lower the daemon's but not raise it; 0 for the daemon's
     * @return a copy of these options with that bound
     * @throws IllegalArgumentException when {@code newMaxAttempts} is negative
     */
    public SubmitOptions withMaxAttempts(int newMaxAttempts) {
        return new SubmitOptions(priority, idempotent, timeout, newMaxAttempts);
    }
}
