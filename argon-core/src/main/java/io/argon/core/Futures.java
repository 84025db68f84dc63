package io.argon.core;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Reading the failure of a {@link java.util.concurrent.CompletableFuture}. */
public final class Futures {
    private Futures() {
    }

    /**
     * The failure a future's own stage saw: {@code join()} and dependent stages wrap it in a
     * {@link CompletionException}, {@code get()} in an {@link ExecutionException}.
     */
    public static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** What went wrong, as a log line or an error message says it: the unwrapped failure's message, or its type. */
    public static String reason(Throwable error) {
        Throwable cause = unwrap(error);
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
