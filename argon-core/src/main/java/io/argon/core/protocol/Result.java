package io.argon.core.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/** A task's return value, as JSON. */
public record Result(String id, @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode result) implements Message {
    public Result {
        Messages.requireId(id);
        if (result == null) {
            result = NullNode.getInstance();
        }
    }

    public Result withId(String newId) {
        return new Result(newId, result);
    }
}
