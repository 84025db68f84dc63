package io.argon.protocol;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why a request failed, as a stable word on the wire. */
public enum ErrorKind {
    /** The frame was not a JSON object. */
    BAD_FRAME,
    /** The frame's length was above the receiver's limit; the connection is closed. */
    FRAME_TOO_LARGE,
    /** The message's {@code type} is missing or not one this receiver knows. */
    UNKNOWN_MESSAGE,
    /** The message is well-formed JSON but a field is missing or wrong. */
    BAD_REQUEST,
    /** The task class is not on the workers' classpath. */
    CLASS_NOT_FOUND,
    /** The named class does not implement io.argon.task.Task (or cannot be instantiated). */
    NOT_A_TASK,
    /** The params could not be bound to the task class. */
    BAD_PARAMS,
    /** The task's run() threw. */
    TASK_FAILED,
    /** The task's result could not be written as JSON, or was larger than a frame. */
    BAD_RESULT,
    /** The worker JVM running the task died (exit, crash, signal), or was stopped by a shutdown. */
    WORKER_DIED,
    /** The node running the task was lost; the task may or may not have run. */
    NODE_LOST,
    /** A manager has no registered nodes. */
    NO_NODES,
    /** The daemon is shutting down and did not start the task: it is safe to send elsewhere. */
    SHUTTING_DOWN,
    /** The task did not finish within its timeout; it was dropped before it started, or stopped. */
    TIMEOUT,
    /** The client cancelled the task; it was dropped before it started, or stopped. */
    CANCELLED,
    /** The node has no worker that can start: every start failed for a while; the message says why. */
    NO_WORKERS,
    /** The peer has not proven it knows the shared secret (or spoke plaintext to a TLS port); the connection closes. */
    UNAUTHORIZED,
    /** An operator's {@code control} request could not be carried out (a reload whose new worker failed to start, ...); the message says why. */
    CONTROL_FAILED,
    /** A bug or an unexpected state in the daemon. */
    @JsonEnumDefaultValue
    INTERNAL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
