package io.argon.it.tasks;

/** Not a task; merely initialising this class kills the JVM. Naming it must run none of its code. */
public final class HaltOnLoad {
    static {
        Runtime.getRuntime().halt(42);
    }

    private HaltOnLoad() {
    }
}
