package io.argon.client;

/**
 * The connection was lost while the task was in flight, and the task was not marked safe to
 * run again: it may or may not have run, on the daemon's side (kind
 * {@link FailureKind#OUTCOME_UNKNOWN}). Check its effects before sending it again. A task
 * submitted with {@link SubmitOptions#asIdempotent()} is sent again through the next address
 * instead.
 */
public class OutcomeUnknownException extends ConnectionException {
    private static final long serialVersionUID = 1L;

    /**
     * Task {@code taskId}, lost with its connection.
     *
     * @param taskId  the id of the task that was in flight
     * @param message which connection was lost, and why, in words
     */
    public OutcomeUnknownException(String taskId, String message) {
        super(FailureKind.OUTCOME_UNKNOWN, taskId, message, null);
    }

    private OutcomeUnknownException(OutcomeUnknownException original) {
        super(original);
    }

    @Override
    ArgonException inCaller() {
        return new OutcomeUnknownException(this);
    }
}
