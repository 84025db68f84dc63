package io.argon.client;

/** Every attempt to submit a task was rejected because the system's queues were full. */
public class RejectedException extends ArgonException {
    private final int attempts;

    public RejectedException(int attempts, String reason) {
        super("task rejected " + attempts + " times, giving up (last reason: " + reason + ")");
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }
}
