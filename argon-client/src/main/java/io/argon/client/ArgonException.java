package io.argon.client;

/** Something went wrong between the client and an Argon node or manager. */
public class ArgonException extends RuntimeException {
    public ArgonException(String message) {
        super(message);
    }

    public ArgonException(String message, Throwable cause) {
        super(message, cause);
    }
}
