package io.argon.client;

/**
 * The connection was lost while the task was in flight, and the task was not marked safe to
 * run again: it may or may not have run, on the daemon's side. Check its effects before
 * sending it again. (A task submitted with {@link SubmitOptions#asIdempotent()} is sent again
 * through the next address instead.)
 */
public class OutcomeUnknownException extends ConnectionException {
    public OutcomeUnknownException(String message) {
        super(message);
    }
}
