package io.argon.examples;

import io.argon.task.Task;
import java.util.OptionalDouble;

/**
 * Sleeps for {@code delay} seconds (none if left out), then returns {@code num}. The
 * benchmark's simulated work: the caller can check every result against the number it sent.
 *
 * @param num   what the task returns
 * @param delay how long it sleeps first, in seconds
 */
public record SampleTask(int num, OptionalDouble delay) implements Task<Integer> {
    /** Checks the delay: not negative, a number. */
    public SampleTask {
        if (delay == null) {
            delay = OptionalDouble.empty();
        }
        double seconds = delay.orElse(0);
        if (seconds < 0 || Double.isNaN(seconds)) {
            throw new IllegalArgumentException("delay must be >= 0 seconds, got " + seconds);
        }
    }

    /** A task that returns {@code num} at once. */
    public SampleTask(int num) {
        this(num, OptionalDouble.empty());
    }

    /** A task that sleeps {@code delaySeconds}, then returns {@code num}. */
    public SampleTask(int num, double delaySeconds) {
        this(num, OptionalDouble.of(delaySeconds));
    }

    @Override
    public Integer run() throws InterruptedException {
        long nanos = (long) (delay.orElse(0) * 1e9);
        if (nanos > 0) {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
        return num;
    }
}
