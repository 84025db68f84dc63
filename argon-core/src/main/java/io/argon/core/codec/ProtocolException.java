package io.argon.core.codec;

import io.argon.protocol.ErrorKind;
import io.netty.handler.codec.DecoderException;

/** A frame arrived intact but does not hold a message the receiver can act on. */
public final class ProtocolException extends DecoderException {
    private final String requestId;
    private final ErrorKind kind;

    public ProtocolException(String requestId, ErrorKind kind, String message) {
        super(message);
        this.requestId = requestId;
        this.kind = kind;
    }

    /** The id of the offending request, when it could be read; null otherwise. */
    public String requestId() {
        return requestId;
    }

    public ErrorKind kind() {
        return kind;
    }
}
