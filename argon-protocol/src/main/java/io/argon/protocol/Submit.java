package io.argon.protocol;

import io.argon.task.Priority;

/**
 * Run the task class {@code className}, built from {@code params}. Answered by a
 * {@link Result}, a {@link Failure} or a {@link Rejected}.
 *
 * @param idempotent    the caller says the task is safe to run twice, so a daemon may run it
 *                      again when the worker or node running it is lost
 * @param timeoutMillis how long the task may take, counted from when the receiving daemon read
 *                      it; 0 for no timeout of its own
 * @param maxAttempts   how many times an idempotent task may be tried; 0 for the daemon's bound
 */
public record Submit(
        String id,
        String className,
        RawJson params,
        Priority priority,
        boolean idempotent,
        long timeoutMillis,
        int maxAttempts) implements Message {

    public Submit {
        Messages.requireId(id);
        if (className == null || className.isBlank()) {
            throw new IllegalArgumentException("submit needs a 'class'");
        }
        if (params != null && !params.isObject() && !params.equals(RawJson.NULL)) {
            throw new IllegalArgumentException("'params' must be a JSON object");
        }
        if (params == RawJson.NULL) {
            params = null;
        }
        if (priority == null) {
            priority = Priority.NORMAL;
        }
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("'timeout_ms' must be at least 1, got " + timeoutMillis);
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("'max_attempts' must be at least 1, got " + maxAttempts);
        }
    }

    /** A task with no timeout or attempt bound of its own. */
    public Submit(String id, String className, RawJson params, Priority priority, boolean idempotent) {
        this(id, className, params, priority, idempotent, 0, 0);
    }

    /** The same request under another id, as a relay forwards it. */
    public Submit withId(String newId) {
        return new Submit(newId, className, params, priority, idempotent, timeoutMillis, maxAttempts);
    }

    /** The same request with what is left of its time and attempts, as a relay forwards it. */
    public Submit forwarded(String newId, long remainingMillis, int remainingAttempts) {
        return new Submit(newId, className, params, priority, idempotent, remainingMillis, remainingAttempts);
    }
}
