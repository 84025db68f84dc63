package io.argon.protocol;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The request failed. {@code kind} says why in a word a program can branch on; for a task
 * that threw, {@code exception} and {@code stack} carry the remote exception. On the wire
 * this is {@code "type": "error"}. The id is null only when the request's own id could not
 * be read (a frame that is not JSON).
 */
public record Failure(String id, ErrorKind kind, String message, String exception, String stack) implements Message {
    public Failure {
        if (kind == null) {
            kind = ErrorKind.INTERNAL;
        }
        if (message == null) {
            message = kind.wireName();
        }
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
        return new Failure(newId, kind, message, exception, stack);
    }
}
