package io.argon.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The task ran and gave a result, but the result does not read as the type asked for (kind
 * {@link FailureKind#BAD_RESULT}). The result is kept, as JSON, in {@link #rawResult()}.
 */
public class ResultTypeException extends ArgonException {
    private static final long serialVersionUID = 1L;

    private final transient JsonNode rawResult;
    /** The type the result was to be read as. */
    private final String resultType;

    /**
     * Task {@code taskId}'s result {@code rawResult}, which did not read as {@code resultType}.
     *
     * @param taskId     the task's id
     * @param task       the task, in words: {@code task 17 (com.example.Resize)}
     * @param rawResult  the result as the task gave it, as JSON
     * @param resultType the type it was to be read as: {@code java.util.List<java.lang.String>}
     * @param cause      why it did not read (not null: its message's first line goes into this one's)
     */
    public ResultTypeException(String taskId, String task, JsonNode rawResult, String resultType, Throwable cause) {
        super(FailureKind.BAD_RESULT, taskId, task + " gave a result that does not read as " + resultType + ": "
                + abbreviate(String.valueOf(rawResult)) + " (" + firstLine(cause.getMessage()) + ")", cause);
        this.rawResult = rawResult;
        this.resultType = resultType;
    }

    private ResultTypeException(ResultTypeException original) {
        super(original);
        this.rawResult = original.rawResult;
        this.resultType = original.resultType;
    }

    /**
     * The result as the task gave it.
     *
     * @return the result as a JSON tree; null in a copy read back by Java serialization, which leaves it out
     */
    public JsonNode rawResult() {
        return rawResult;
    }

    /**
     * The type it was to be read as.
     *
     * @return the type's canonical name: {@code java.util.List<java.lang.String>}
     */
    public String resultType() {
        return resultType;
    }

    @Override
    ArgonException inCaller() {
        return new ResultTypeException(this);
    }

    private static String abbreviate(String json) {
        return json.length() <= 200 ? json : json.substring(0, 200) + "...";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
