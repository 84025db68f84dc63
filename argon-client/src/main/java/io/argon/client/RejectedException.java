package io.argon.client;

/**
 * Every queue was full each time the task was sent, more times than the client retries
 * ({@link ClientOptions#withMaxRetries(int)}): kind {@link FailureKind#REJECTED}. The task did
 * not run.
 */
public class RejectedException extends ArgonException {
    private static final long serialVersionUID = 1L;

    /** How many times the task was sent, and rejected. */
    private final int attempts;

    /**
     * Task {@code taskId} rejected {@code attempts} times.
     *
     * @param taskId   the task's id
     * @param task     the task, in words: {@code task 17 (com.example.Resize)}
     * @param attempts how many times it was sent, each time rejected
     * @param reason   what the daemon said the last time
     */
    public RejectedException(String taskId, String task, int attempts, String reason) {
        super(FailureKind.REJECTED, taskId, task + " was rejected " + attempts + " times, so it did not run (last reason: "
                + reason + ")", null);
        this.attempts = attempts;
    }

    private RejectedException(RejectedException original) {
        super(original);
        this.attempts = original.attempts;
    }

    /**
     * How many times the task was sent, and rejected.
     *
     * @return the number of times, the last included
     */
    public int attempts() {
        return attempts;
    }

    @Override
    ArgonException inCaller() {
        return new RejectedException(this);
    }
}
