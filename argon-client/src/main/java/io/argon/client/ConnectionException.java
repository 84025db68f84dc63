package io.argon.client;

/**
 * The client could not reach a daemon, or was closed: the request was not sent, so it did not
 * run (kind {@link FailureKind#CONNECTION}). Its subclass {@link OutcomeUnknownException} is a
 * connection lost while a task was in flight.
 */
public class ConnectionException extends ArgonException {
    private static final long serialVersionUID = 1L;

    /**
     * A request that was not sent.
     *
     * @param taskId  the task it is about, or null
     * @param message why it was not sent, in words
     * @param cause   the error that kept it from being sent, or null
     */
    public ConnectionException(String taskId, String message, Throwable cause) {
        this(FailureKind.CONNECTION, taskId, message, cause);
    }

    ConnectionException(FailureKind kind, String taskId, String message, Throwable cause) {
        super(kind, taskId, message, cause);
    }

    ConnectionException(ConnectionException original) {
        super(original);
    }

    @Override
    ArgonException inCaller() {
        return new ConnectionException(this);
    }
}
