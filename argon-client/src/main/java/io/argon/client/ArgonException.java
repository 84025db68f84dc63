package io.argon.client;

/**
 * Why a task, or a status or control request, did not give a result: the one exception every
 * failure of the client comes as, through a future or thrown by a blocking call. Its
 * {@link #kind()} says what happened, and {@link #taskId()} which task it was.
 *
 * <p>A blocking call ({@code process}, a map's {@code get()}) throws a copy made on the calling
 * thread, so its stack trace shows the caller; the cause is the same as the original's (for a
 * task that threw, its exception on the worker as a {@link RemoteException}).
 */
public class ArgonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    private final FailureKind kind;
    /** The id of the task this is about, or null. */
    private final String taskId;

    /**
     * A failure of kind {@code kind}.
     *
     * @param kind    what went wrong
     * @param taskId  the task it is about, or null
     * @param message what happened, in words, for {@link #getMessage()}
     * @param cause   the exception it comes from, or null
     */
    public ArgonException(FailureKind kind, String taskId, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.taskId = taskId;
    }

    /** A copy of {@code original} whose stack trace is the thread's that makes it. */
    ArgonException(ArgonException original) {
        this(original.kind, original.taskId, original.getMessage(), original.getCause());
    }

    /**
     * What went wrong.
     *
     * @return the kind of failure
     */
    public FailureKind kind() {
        return kind;
    }

    /**
     * The id of the task this is about, as its {@link TaskFuture#id()} gives it; null for a
     * failure that is about no one task (a status request, a connection that could not be made
     * before anything was submitted).
     *
     * @return the task's id, or null
     */
    public String taskId() {
        return taskId;
    }

    /** This failure, thrown again from the calling thread: the same kind, message and cause, the caller's stack. */
    ArgonException inCaller() {
        return new ArgonException(this);
    }
}
