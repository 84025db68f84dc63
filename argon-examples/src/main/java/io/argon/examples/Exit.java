package io.argon.examples;

import io.argon.task.Task;

/** Halts its own worker JVM with status {@code code}: how a crashing task looks to its caller. */
public record Exit(int code) implements Task<Void> {
    @Override
    public Void run() {
        Runtime.getRuntime().halt(code);
        return null;
    }
}
