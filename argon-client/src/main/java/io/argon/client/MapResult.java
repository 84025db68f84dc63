package io.argon.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The outcome of one task of {@link ArgonClient#map}: its result, or the error it failed with.
 *
 * @param index  the position of its params in the input, from 0
 * @param result the task's result, or null if it failed
 * @param error  why it failed, or null if it ran
 */
public record MapResult(long index, JsonNode result, ArgonException error) {
    public boolean failed() {
        return error != null;
    }

    /** The result; throws the task's error if it failed. */
    public JsonNode get() {
        if (error != null) {
            throw error;
        }
        return result;
    }
}
