package io.argon.client;

/**
 * The client could not reach the server, or lost its connection while tasks were in flight.
 * A task that fails this way may or may not have run.
 */
public class ConnectionException extends ArgonException {
    public ConnectionException(String message) {
        super(message);
    }

    public ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
