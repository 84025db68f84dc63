package io.argon.client;

import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;

/**
 * The system answered a task with an error: the task threw, its class or params were bad,
 * its worker or node died, and so on. {@link #kind()} says which; for a task that threw,
 * {@link #remoteClass()} and {@link #remoteStackTrace()} describe the exception on the worker.
 */
public class TaskFailedException extends ArgonException {
    private final ErrorKind kind;
    private final String remoteMessage;
    private final String remoteClass;
    private final String remoteStackTrace;

    public TaskFailedException(Failure failure) {
        super("[" + failure.kind().wireName() + "] "
                + (failure.exception() != null ? failure.exception() + ": " : "") + failure.message());
        this.kind = failure.kind();
        this.remoteMessage = failure.message();
        this.remoteClass = failure.exception();
        this.remoteStackTrace = failure.stack();
    }

    public ErrorKind kind() {
        return kind;
    }

    public String remoteMessage() {
        return remoteMessage;
    }

    /** The class name of the exception the task threw, or null if it did not throw. */
    public String remoteClass() {
        return remoteClass;
    }

    /** The stack trace printed on the worker, or null if the task did not throw. */
    public String remoteStackTrace() {
        return remoteStackTrace;
    }
}
