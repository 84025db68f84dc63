package io.argon.it.tasks;

import io.argon.task.Task;

/** Returns a string of {@code bytes} characters: a result as large as a test needs. */
public record Blob(int bytes) implements Task<String> {
    @Override
    public String run() {
        return "x".repeat(bytes);
    }
}
