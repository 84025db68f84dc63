package io.argon.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The task ran and gave a result, but the result does not read as the type asked for (kind
 * {@link FailureKind#BAD_RESULT}). The result is kept, as JSON, in {@link #rawResult()}.
 */
public class ResultTypeException extends ArgonException {
    private static final long serialVersionUID = 1L;

    private final transient JsonNode rawResult;
    private final String resultType;

    /**
     * Task {@code taskId}'s result {@code rawResult}, which did not read as {@code resultType}.
     *
     * @param task  the task, in words: {@code task 17 (com.example.Resize)}
     * @param cause why it did not read
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

    /** The result as the task gave it. */
    public JsonNode rawResult() {
        return rawResult;
    }

    /** The type it was to be read as. */
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
