package io.argon.it.tasks;

import io.argon.task.Task;

/** Sleeps for {@code delay} seconds, then returns the pid of the worker JVM that ran it. */
public record SleepPid(double delay) implements Task<Long> {
    public SleepPid {
        if (delay < 0 || Double.isNaN(delay)) {
            throw new IllegalArgumentException("delay must be >= 0 seconds, got " + delay);
        }
    }

    @Override
    public Long run() throws InterruptedException {
        long millis = Math.round(delay * 1000);
        if (millis > 0) {
            Thread.sleep(millis); // the task's work: holds its worker for as long as the test asks
        }
        return ProcessHandle.current().pid();
    }
}
