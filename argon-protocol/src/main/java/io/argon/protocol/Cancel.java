package io.argon.protocol;

/**
 * Stop the request {@code id}, sent earlier on the same connection: a task not yet started is
 * dropped, a running one is stopped, and either is answered with an error of kind
 * {@code cancelled}. An id that is unknown or already answered changes nothing. Not answered
 * itself.
 *
 * @param ifNotStarted only drop the task if it has not started; a running one is left to
 *                     finish (what a manager asks when the task's client has gone away)
 */
public record Cancel(String id, boolean ifNotStarted) implements Message {
    public Cancel {
        Messages.requireId(id);
    }
}
