package io.argon.protocol;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The request failed. {@code kind} says why in a word a program can branch on; for a task
 * that threw, {@code exception} and {@code stack} carry the remote exception. On the wire
 * this is {@code "type": "error"}. The id is null only when the request's own id could not
 * be read (a frame that is not JSON).
 *
 * @param runNanos for a task that ran in a worker, how long it ran, in nanoseconds
 *                 ({@code run_ns}); 0 where it did not run or it is not known
 */
public record Failure(String id, ErrorKind kind, String message, String exception, String stack, long runNanos) implements Message {
    public Failure {
        if (kind == null) {
            kind = ErrorKind.INTERNAL;
        }
        if (message == null) {
            message = kind.wireName();
        }
        if (runNanos < 0) {
            throw new IllegalArgumentException("'run_ns' must be at least 0, got " + runNanos);
        }
    }

    /** A failure with no run time. */
    public Failure(String id, ErrorKind kind, String message, String exception, String stack) {
        this(id, kind, message, exception, stack, 0);
    }

    public static Failure of(String id, ErrorKind kind, String message) {
        return new Failure(id, kind, message, null, null);
    }

    /** An error that carries {@code error}'s class, message and stack trace. */
    public static Failure of(String id, ErrorKind kind, Throwable error) {
        StringWriter stack = new StringWriter();
        error.printStackTrace(new PrintWriter(stack));
        String message = error.getMessage() != null ? error.getMessage() : error.getClass().getName();
        return new Failure(id, kind, message, error.getClass().getName(), stack.toString());
    }

    public Failure withId(String newId) {
        return new Failure(newId, kind, message, exception, stack, runNanos);
    }

    /** The same failure, saying the task ran for {@code nanos} before it failed. */
    public Failure withRunNanos(long nanos) {
        return new Failure(id, kind, message, exception, stack, nanos);
    }
}
