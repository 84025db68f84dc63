package io.argon.examples;

import io.argon.task.Task;

/** Returns the process id of the worker JVM that ran it: shows which worker did the work. */
public record Pid() implements Task<Long> {
    @Override
    public Long run() {
        return ProcessHandle.current().pid();
    }
}
