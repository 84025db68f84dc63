package io.argon.it.tasks;

import io.argon.task.Task;

/** Whether the worker can load a class by name: what its classpath holds, seen from inside. */
public record Loadable(String className) implements Task<Boolean> {
    @Override
    public Boolean run() {
        try {
            Class.forName(className, false, Loadable.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
