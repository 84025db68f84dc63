package io.argon.core.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The p50 and p99 of durations over the last {@value #WINDOW_SECONDS} s, in constant memory:
 * {@value #SLICES} slices of time, each a histogram of {@value #BUCKETS} buckets that grow by
 * a quarter (so a percentile is within 12% of the truth), from 10 µs to over half an hour. A
 * slice is reused once it is older than the window. A window that has seen nothing holds no
 * arrays at all (a manager has one per node). Confined to the daemon's loop, whose ticker gives
 * the times.
 */
public final class LatencyWindow {
    static final int WINDOW_SECONDS = 60;
    static final int SLICES = 6;
    static final int BUCKETS = 96;
    private static final long SLICE_NANOS = WINDOW_SECONDS * 1_000_000_000L / SLICES;
    private static final double SMALLEST_NANOS = 10_000;
    private static final double GROWTH = 1.25;
    private static final double LOG_GROWTH = Math.log(GROWTH);

    /** Per slice, the counts by bucket; null until the first sample. */
    private long[][] counts;
    /** Per slice, which slice of time (now / SLICE_NANOS) its counts are for. */
    private long[] sliceOf;

    /** Counts a duration that ended at {@code nowNanos}. */
    public void record(long nanos, long nowNanos) {
        if (counts == null) {
            counts = new long[SLICES][BUCKETS];
            sliceOf = new long[SLICES];
            java.util.Arrays.fill(sliceOf, Long.MIN_VALUE);
        }
        long slice = Math.floorDiv(nowNanos, SLICE_NANOS);
        int at = (int) Math.floorMod(slice, (long) SLICES);
        if (sliceOf[at] != slice) {
            java.util.Arrays.fill(counts[at], 0);
            sliceOf[at] = slice;
        }
        counts[at][bucket(nanos)]++;
    }

    static int bucket(long nanos) {
        if (nanos <= SMALLEST_NANOS) {
            return 0;
        }
        return (int) Math.min(BUCKETS - 1, 1 + (long) (Math.log(nanos / SMALLEST_NANOS) / LOG_GROWTH));
    }

    /** A bucket's upper bound, in milliseconds: what a percentile that falls in it reports. */
    static double upperMillis(int bucket) {
        return SMALLEST_NANOS * Math.pow(GROWTH, bucket) / 1e6;
    }

    /** Writes {@code {"p50": ms, "p99": ms, "tasks": n, "window_s": 60}} into {@code into} (nulls when nothing ended). */
    public void describe(ObjectNode into, long nowNanos) {
        long[] merged = new long[BUCKETS];
        long total = 0;
        if (counts != null) {
            long current = Math.floorDiv(nowNanos, SLICE_NANOS);
            for (int i = 0; i < SLICES; i++) {
                if (current - sliceOf[i] < SLICES) {
                    for (int b = 0; b < BUCKETS; b++) {
                        merged[b] += counts[i][b];
                        total += counts[i][b];
                    }
                }
            }
        }
        if (total == 0) {
            into.putNull("p50").putNull("p99");
        } else {
            into.put("p50", round(percentile(merged, total, 0.50))).put("p99", round(percentile(merged, total, 0.99)));
        }
        into.put("tasks", total).put("window_s", WINDOW_SECONDS);
    }

    private static double percentile(long[] merged, long total, double q) {
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int b = 0; b < BUCKETS; b++) {
            seen += merged[b];
            if (seen >= rank) {
                return upperMillis(b);
            }
        }
        return upperMillis(BUCKETS - 1);
    }

    private static double round(double millis) {
        return Math.round(millis * 1000) / 1000.0;
    }
}
