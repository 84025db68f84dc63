package io.argon.client;

import io.argon.core.Priority;

/**
 * Per-task choices.
 *
 * @param idempotent the task is safe to run twice: if the node running it is lost, a manager
 *                   may run it again elsewhere instead of answering with an error
 */
public record SubmitOptions(Priority priority, boolean idempotent) {
    public static final SubmitOptions DEFAULT = new SubmitOptions(Priority.NORMAL, false);

    public SubmitOptions {
        if (priority == null) {
            priority = Priority.NORMAL;
        }
    }

    public SubmitOptions withPriority(Priority newPriority) {
        return new SubmitOptions(newPriority, idempotent);
    }

    public SubmitOptions asIdempotent() {
        return new SubmitOptions(priority, true);
    }
}
