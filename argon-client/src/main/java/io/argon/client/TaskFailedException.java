package io.argon.client;

import io.argon.protocol.Failure;

/**
 * A daemon answered the task with an error: the task threw, its class or params were bad, its
 * worker or node died, it timed out, and so on; {@link #kind()} says which. For a task that
 * threw (and a constructor that refused its params), the cause is the exception on the worker,
 * as a {@link RemoteException}, with the worker's stack trace.
 */
public class TaskFailedException extends ArgonException {
    private static final long serialVersionUID = 1L;

    /** What the daemon said, without the kind and the task. */
    private final String remoteMessage;
    /** The class name of the exception the task threw, or null. */
    private final String remoteClass;
    /** The stack trace printed on the worker, or null. */
    private final String remoteStackTrace;

    /** The failure a daemon answered task {@code taskId} with; {@code task} says which task, in a message. */
    TaskFailedException(Failure failure, String taskId, String task) {
        this(FailureKind.of(failure.kind()), taskId, task, failure);
    }

    /** A failure of kind {@code kind} the client tells itself (a timeout it saw pass, a task too large to send). */
    TaskFailedException(FailureKind kind, String taskId, String task, Failure failure) {
        this(kind, taskId, task, failure.message(), failure.exception(), failure.stack());
    }

    /**
     * Task {@code taskId} failed as a daemon said.
     *
     * @param kind             what went wrong
     * @param taskId           the task's id
     * @param task             the task, in words: {@code task 17 (com.example.Resize)}
     * @param remoteMessage    what the daemon said
     * @param remoteClass      the class of the exception the task threw, or null
     * @param remoteStackTrace its stack trace as the worker printed it, or null
     */
    public TaskFailedException(FailureKind kind, String taskId, String task, String remoteMessage, String remoteClass,
            String remoteStackTrace) {
        super(kind, taskId, "[" + kind.code() + "] " + (remoteClass != null ? remoteClass + ": " : "") + remoteMessage
                + " (" + task + ")", remoteClass != null ? RemoteException.of(remoteClass, remoteMessage, remoteStackTrace) : null);
        this.remoteMessage = remoteMessage;
        this.remoteClass = remoteClass;
        this.remoteStackTrace = remoteStackTrace;
    }

    private TaskFailedException(TaskFailedException original) {
        super(original);
        this.remoteMessage = original.remoteMessage;
        this.remoteClass = original.remoteClass;
        this.remoteStackTrace = original.remoteStackTrace;
    }

    /**
     * What the daemon said, without the kind and the task.
     *
     * @return the daemon's message
     */
    public String remoteMessage() {
        return remoteMessage;
    }

    /**
     * The class name of the exception the task threw, or null if it did not throw.
     *
     * @return the exception's class name on the worker, or null
     */
    public String remoteClass() {
        return remoteClass;
    }

    /**
     * The stack trace printed on the worker, or null if the task did not throw.
     *
     * @return the worker's printed stack trace, causes included, or null
     */
    public String remoteStackTrace() {
        return remoteStackTrace;
    }

    @Override
    ArgonException inCaller() {
        return new TaskFailedException(this);
    }
}
