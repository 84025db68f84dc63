package io.argon.it;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What a task failed with, as a test wants to check it. */
final class Failures {
    private Failures() {
    }

    /**
     * The exception itself, out of the CompletionExceptions and ExecutionExceptions that
     * futures wrap it in (a TaskFailedException, say, from {@code future.get()}).
     */
    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
