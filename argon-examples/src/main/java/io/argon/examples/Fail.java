package io.argon.examples;

import io.argon.task.Task;

/** Throws a RuntimeException with {@code message}: how a failing task looks to its caller. */
public record Fail(String message) implements Task<Void> {
    @Override
    public Void run() {
        throw new RuntimeException(message);
    }
}
