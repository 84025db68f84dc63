package io.argon.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;

/** A frame's JSON could not be read as a message; says why, and the request's id if it was read. */
public final class MalformedMessageException extends JsonProcessingException {
    private final ErrorKind kind;
    private final String requestId;

    MalformedMessageException(ErrorKind kind, String requestId, String message, Throwable cause) {
        super(message, null, cause);
        this.kind = kind;
        this.requestId = requestId;
    }

    public ErrorKind kind() {
        return kind;
    }

    /** The id of the message, when it could be read before the problem; null otherwise. */
    public String requestId() {
        return requestId;
    }
}
