package io.argon.protocol;

/** A task's return value, as JSON. */
public record Result(String id, RawJson result) implements Message {
    public Result {
        Messages.requireId(id);
        if (result == null) {
            result = RawJson.NULL;
        }
    }

    public Result withId(String newId) {
        return new Result(newId, result);
    }
}
