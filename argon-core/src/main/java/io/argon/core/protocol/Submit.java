package io.argon.core.protocol;

import io.argon.core.Priority;

/**
 * Run the task class {@code className}, built from {@code params}. Answered by a
 * {@link Result}, a {@link Failure} or a {@link Rejected}.
 *
 * @param idempotent the caller says the task is safe to run twice, so a manager may resend it
 *                   to another node when the node running it is lost
 */
public record Submit(
        String id,
        String className,
        RawJson params,
        Priority priority,
        boolean idempotent) implements Message {

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
    }

    /** The same request under another id, as a relay forwards it. */
    public Submit withId(String newId) {
        return new Submit(newId, className, params, priority, idempotent);
    }
}
