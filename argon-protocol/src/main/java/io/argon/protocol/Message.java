package io.argon.protocol;

/**
 * One frame's worth of protocol: every message names its kind in {@code type} and carries an
 * {@code id}. A reply always carries the id of the request it answers, which is what lets any
 * number of requests share one connection. See docs/PROTOCOL.md for the wire format, and
 * {@link Messages} to encode and decode.
 */
public sealed interface Message permits Submit, Result, Failure, Rejected, Ping, Pong, Register, Registered, Hello, Status,
        StatusReport, Cancel, Leaving, Challenge, Auth, Authenticated, Control, Done, Tasks, TasksReport {
    String id();
}
