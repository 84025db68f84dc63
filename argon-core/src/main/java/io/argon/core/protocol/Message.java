package io.argon.core.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One frame's worth of protocol: every message names its kind in {@code type} and carries an
 * {@code id}. A reply always carries the id of the request it answers, which is what lets any
 * number of requests share one connection. See docs/PROTOCOL.md for the wire format.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Submit.class, name = "submit"),
    @JsonSubTypes.Type(value = Result.class, name = "result"),
    @JsonSubTypes.Type(value = Failure.class, name = "error"),
    @JsonSubTypes.Type(value = Rejected.class, name = "rejected"),
    @JsonSubTypes.Type(value = Ping.class, name = "ping"),
    @JsonSubTypes.Type(value = Pong.class, name = "pong"),
    @JsonSubTypes.Type(value = Register.class, name = "register"),
    @JsonSubTypes.Type(value = Registered.class, name = "registered"),
    @JsonSubTypes.Type(value = Hello.class, name = "hello"),
})
public sealed interface Message permits Submit, Result, Failure, Rejected, Ping, Pong, Register, Registered, Hello {
    String id();
}
