package io.argon.examples;

import io.argon.task.Task;

/**
 * Sleeps for {@code delay} seconds, then returns {@code num}. The benchmark's simulated work:
 * the caller can check every result against the number it sent.
 */
public record SampleTask(int num, double delay) implements Task<Integer> {
    public SampleTask {
        if (delay < 0 || Double.isNaN(delay)) {
            throw new IllegalArgumentException("delay must be >= 0 seconds, got " + delay);
        }
    }

    @Override
    public Integer run() throws InterruptedException {
        long nanos = (long) (delay * 1e9);
        if (nanos > 0) {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
        return num;
    }
}
