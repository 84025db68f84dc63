package io.argon.core;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: the n-th retry waits a uniformly random time in
 * {@code [0, min(cap, base * 2^n)]}. Randomising the whole interval spreads many rejected
 * clients out instead of letting them come back in waves.
 */
public final class Backoff {
    private static final Duration LONGEST_CAP = Duration.ofDays(1);
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(4), Duration.ofSeconds(1));

    private final long baseNanos;
    private final long capNanos;

    public Backoff(Duration base, Duration cap) {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0 || cap.compareTo(LONGEST_CAP) > 0) {
            throw new IllegalArgumentException("need 0 < base <= cap <= 1 day, got base " + base + ", cap " + cap);
        }
        this.baseNanos = base.toNanos();
        this.capNanos = cap.toNanos();
    }

    /** The upper bound of the wait before retry {@code attempt} (0 for the first retry). */
    public long ceilingNanos(int attempt) {
        int shift = Math.min(Math.max(attempt, 0), 62);
        long ceiling = baseNanos << shift;
        return (ceiling <= 0 || ceiling > capNanos || (ceiling >> shift) != baseNanos) ? capNanos : ceiling;
    }

    /** A random wait before retry {@code attempt}, in nanoseconds. */
    public long delayNanos(int attempt) {
        return ThreadLocalRandom.current().nextLong(ceilingNanos(attempt) + 1);
    }
}
