package io.argon.core.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        @JsonProperty("class") String className,
        ObjectNode params,
        Priority priority,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean idempotent) implements Message {

    public Submit {
        Messages.requireId(id);
        if (className == null || className.isBlank()) {
            throw new IllegalArgumentException("submit needs a 'class'");
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
