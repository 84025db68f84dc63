package io.argon.protocol;

/**
 * A task's return value, as JSON.
 *
 * @param runNanos how long the task ran in its worker, from its params to its result, in
 *                 nanoseconds ({@code run_ns}); 0 where it is not known
 */
public record Result(String id, RawJson result, long runNanos) implements Message {
    public Result {
        Messages.requireId(id);
        if (result == null) {
            result = RawJson.NULL;
        }
        if (runNanos < 0) {
            throw new IllegalArgumentException("'run_ns' must be at least 0, got " + runNanos);
        }
    }

    /** A result whose run time is not known. */
    public Result(String id, RawJson result) {
        this(id, result, 0);
    }

    public Result withId(String newId) {
        return new Result(newId, result, runNanos);
    }
}
