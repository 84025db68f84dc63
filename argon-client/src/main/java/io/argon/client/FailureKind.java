package io.argon.client;

import io.argon.protocol.ErrorKind;
import java.util.Locale;

/**
 * Why a task (or a status or control request) failed, as a client sees it: every
 * {@link ArgonException} has one. The kinds a daemon answers with are here under the same
 * names; the protocol's own complaints about a malformed request are {@link #PROTOCOL}, and
 * the kinds only a client can tell ({@link #CONNECTION}, {@link #OUTCOME_UNKNOWN},
 * {@link #REJECTED}, {@link #INVALID_TASK}) are added.
 */
public enum FailureKind {
    /** The task's {@code run()} threw; the cause is its exception, as a {@link RemoteException}. */
    TASK_FAILED,
    /** The task class is not on the workers' classpath. */
    CLASS_NOT_FOUND,
    /** The named class does not implement {@code io.argon.task.Task}, or cannot be built. */
    NOT_A_TASK,
    /** The params did not build the task: one missing, of the wrong type, unknown, or refused by its constructor. */
    BAD_PARAMS,
    /** The result could not be written by the worker, or not read as the type asked for ({@link ResultTypeException}). */
    BAD_RESULT,
    /** The task did not finish within its timeout: it was dropped before it started, or stopped. */
    TIMEOUT,
    /** The task was cancelled: dropped before it started, or stopped. */
    CANCELLED,
    /** The worker JVM running the task died; the task may have run in part. */
    WORKER_DIED,
    /** The node running the task was lost; the task may or may not have run. */
    NODE_LOST,
    /** A manager had no node to run the task on. */
    NO_NODES,
    /** A node had no worker that could start. */
    NO_WORKERS,
    /** The daemon was shutting down and did not start the task: safe to send again. */
    SHUTTING_DOWN,
    /** Every queue was full, more times than the client retries ({@link RejectedException}). */
    REJECTED,
    /** The task or its result was larger than a frame may be. */
    FRAME_TOO_LARGE,
    /** The daemon refused the client: a wrong or missing shared secret, or plaintext to a TLS port. */
    UNAUTHORIZED,
    /** An operator's request (reload, drain, undrain) could not be carried out. */
    CONTROL_FAILED,
    /** The daemon did not understand the request: a client and daemon of versions that do not agree, or a bug. */
    PROTOCOL,
    /** A bug or an unexpected state in the daemon. */
    INTERNAL,
    /** No connection could be made, or the client was closed: the request was not sent, so it did not run. */
    CONNECTION,
    /** The connection was lost while the task was in flight: it may or may not have run ({@link OutcomeUnknownException}). */
    OUTCOME_UNKNOWN,
    /** The task cannot be sent as it is (a lambda, params that cannot be written as JSON): it was not sent. */
    INVALID_TASK;

    /**
     * The kind as one lowercase word, as the {@code argon} command and the protocol write it: {@code task_failed}.
     *
     * @return the kind's name in lower case
     */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The client's kind for an error a daemon answered with. */
    static FailureKind of(ErrorKind wire) {
        return switch (wire) {
            case BAD_FRAME, UNKNOWN_MESSAGE, BAD_REQUEST -> PROTOCOL;
            case FRAME_TOO_LARGE -> FRAME_TOO_LARGE;
            case CLASS_NOT_FOUND -> CLASS_NOT_FOUND;
            case NOT_A_TASK -> NOT_A_TASK;
            case BAD_PARAMS -> BAD_PARAMS;
            case TASK_FAILED -> TASK_FAILED;
            case BAD_RESULT -> BAD_RESULT;
            case WORKER_DIED -> WORKER_DIED;
            case NODE_LOST -> NODE_LOST;
            case NO_NODES -> NO_NODES;
            case SHUTTING_DOWN -> SHUTTING_DOWN;
            case TIMEOUT -> TIMEOUT;
            case CANCELLED -> CANCELLED;
            case NO_WORKERS -> NO_WORKERS;
            case UNAUTHORIZED -> UNAUTHORIZED;
            case CONTROL_FAILED -> CONTROL_FAILED;
            case INTERNAL -> INTERNAL;
        };
    }
}
