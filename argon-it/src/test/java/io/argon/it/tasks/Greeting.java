package io.argon.it.tasks;

import io.argon.task.Task;

/** A task that only exists in the test classpath directory given to the node with -i. */
public record Greeting(String name) implements Task<String> {
    @Override
    public String run() {
        return "hello, " + name;
    }
}
