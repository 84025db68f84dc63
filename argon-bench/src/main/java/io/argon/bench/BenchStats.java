package io.argon.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one run measured: every task's outcome, the latency of each completed one, and the
 * rejections the client retried on the way.
 *
 * <p>Answers arrive on the client's I/O thread and the progress display reads from the main
 * thread, so every method is synchronized; the lock is almost never contended, which makes it
 * cheap next to a network round trip.
 *
 * <p>Once {@link #abandon abandoned} (the run timed out) the counts of tasks are final: a late
 * answer is ignored rather than counted twice.
 */
final class BenchStats {
    /** Latencies are recorded in microseconds up to an hour, to 3 significant digits. */
    static final long HIGHEST_TRACKABLE_US = TimeUnit.HOURS.toMicros(1);
    /** Distinct error reasons kept for the report; the rest are lumped together. */
    static final int MAX_REASONS = 10;
    static final String OTHER_REASONS = "(other reasons)";

    private final int expected;
    private final Histogram latencyUs = new Histogram(HIGHEST_TRACKABLE_US, 3);
    private final Map<String, Long> errorReasons = new LinkedHashMap<>();
    private long completed;
    private long errors;
    private long rejected;
    private long latencySumNanos;
    private long maxLatencyNanos;
    private double simulatedSumSeconds;
    private long startNanos;
    private long endNanos;
    private boolean started;
    private boolean abandoned;

    BenchStats(int expected) {
        if (expected < 0) {
            throw new IllegalArgumentException("expected tasks must be >= 0, got " + expected);
        }
        this.expected = expected;
    }

    /** Marks the moment the first task is sent: wall time counts from here. */
    synchronized void start(long nowNanos) {
        startNanos = nowNanos;
        endNanos = nowNanos;
        started = true;
    }

    /**
     * A task completed with the right result.
     *
     * @param simulatedDelaySeconds how long the task was meant to sleep; NaN when unknown
     */
    synchronized void recordSuccess(long latencyNanos, double simulatedDelaySeconds, long nowNanos) {
        if (abandoned) {
            return;
        }
        completed++;
        latencySumNanos += latencyNanos;
        maxLatencyNanos = Math.max(maxLatencyNanos, latencyNanos);
        latencyUs.recordValue(Math.min(Math.max(latencyNanos, 0) / 1000, HIGHEST_TRACKABLE_US));
        if (!Double.isNaN(simulatedDelaySeconds)) {
            simulatedSumSeconds += simulatedDelaySeconds;
        }
        answered(nowNanos);
    }

    /** A task failed, was rejected more often than the client retries, or returned a wrong result. */
    synchronized void recordError(String reason, long nowNanos) {
        if (abandoned) {
            return;
        }
        addErrors(reason, 1);
        answered(nowNanos);
    }

    /**
     * Sets how many times, over the run, the client was told a task was rejected (every queue
     * full) and sent it again: worked out from the client's count once the run is over, so it
     * is taken even after {@link #abandon}.
     */
    synchronized void recordRetriedRejections(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("retried rejections must be >= 0, got " + count);
        }
        rejected = count;
    }

    /** Gives up on the tasks not answered yet: each becomes an error with {@code reason}. */
    synchronized void abandon(String reason, long nowNanos) {
        if (abandoned) {
            return;
        }
        long missing = expected - answeredCount();
        if (missing > 0) {
            addErrors(reason, missing);
            endNanos = nowNanos;
        }
        abandoned = true;
        notifyAll();
    }

    /** Waits until every expected task is answered; false if {@code timeoutNanos} passed first. */
    synchronized boolean awaitAll(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (answeredCount() < expected) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private void addErrors(String reason, long count) {
        errors += count;
        String key = errorReasons.containsKey(reason) || errorReasons.size() < MAX_REASONS ? reason : OTHER_REASONS;
        errorReasons.merge(key, count, Long::sum);
    }

    private void answered(long nowNanos) {
        endNanos = Math.max(endNanos, nowNanos);
        if (answeredCount() >= expected) {
            notifyAll();
        }
    }

    private long answeredCount() {
        return completed + errors;
    }

    synchronized int expected() {
        return expected;
    }

    synchronized long answered() {
        return answeredCount();
    }

    synchronized long completed() {
        return completed;
    }

    synchronized long errors() {
        return errors;
    }

    synchronized long rejected() {
        return rejected;
    }

    /** From the first send to the last answer (or to giving up). */
    synchronized long wallNanos() {
        return started ? endNanos - startNanos : 0;
    }

    /** Exact mean latency of the completed tasks in microseconds; NaN if none completed. */
    synchronized double meanLatencyUs() {
        return completed == 0 ? Double.NaN : latencySumNanos / 1000.0 / completed;
    }

    /** Exact largest latency in microseconds. */
    synchronized double maxLatencyUs() {
        return maxLatencyNanos / 1000.0;
    }

    /**
     * A latency percentile (0-100) in microseconds, to 3 significant digits; NaN if none
     * completed. The histogram answers with the top of a value's bucket, which can lie a little
     * above the largest latency seen; no percentile is reported above that.
     */
    synchronized double latencyPercentileUs(double percentile) {
        return completed == 0 ? Double.NaN : Math.min(latencyUs.getValueAtPercentile(percentile), maxLatencyNanos / 1000.0);
    }

    /** Mean simulated delay of the completed tasks in microseconds; NaN if none completed. */
    synchronized double meanSimulatedDelayUs() {
        return completed == 0 ? Double.NaN : simulatedSumSeconds * 1e6 / completed;
    }

    /** Sum of the completed tasks' simulated delays, in seconds. */
    synchronized double simulatedSumSeconds() {
        return simulatedSumSeconds;
    }

    /** Error counts by reason, in the order first seen. */
    synchronized Map<String, Long> errorReasons() {
        return new LinkedHashMap<>(errorReasons);
    }
}
