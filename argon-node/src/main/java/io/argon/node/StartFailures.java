package io.argon.node;

import io.argon.core.Backoff;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Workers that fail to start, as the pool counts them: how long to wait before the next try
 * (a delay that grows with each failure in a row, so a broken start is not retried in a tight
 * loop), and whether the node has been without a running worker while every start failed,
 * since when and why. Time is passed in, from the node's loop.
 */
final class StartFailures {
    private final Backoff backoff;
    private final Duration patience;
    /** Failures since a worker last started. */
    private int streak;
    private boolean unavailable;
    private long unavailableSinceNanos;
    private String lastFailure;

    /** @param patience how long the node may be without a worker before {@link #unavailableReason} says so */
    StartFailures(Backoff backoff, Duration patience) {
        this.backoff = backoff;
        this.patience = patience;
    }

    /**
     * A start failed; {@code noneRunning} says no worker runs now. Returns true when this
     * failure leaves the node without workers, from {@code nowNanos} on: the caller checks
     * again once the patience has run out.
     */
    boolean failed(String message, boolean noneRunning, long nowNanos) {
        lastFailure = message;
        if (noneRunning && !unavailable) {
            unavailable = true;
            unavailableSinceNanos = nowNanos;
            return true;
        }
        return false;
    }

    /** The delay before the next start: the backoff's ceiling, which doubles with each failure in a row up to its cap. */
    long nextDelayNanos() {
        return backoff.ceilingNanos(streak++);
    }

    /** A worker started: the streak ends. Returns whether the node had been without workers until now. */
    boolean started() {
        streak = 0;
        boolean was = unavailable;
        unavailable = false;
        return was;
    }

    /** Whether the node has been without workers since exactly {@code nanos}: the same outage, not a later one. */
    boolean unavailableSince(long nanos) {
        return unavailable && unavailableSinceNanos == nanos;
    }

    /**
     * Why no task can run now, or null: set once no worker has been running, and every start
     * has failed, for the whole patience.
     */
    String unavailableReason(long nowNanos) {
        if (!unavailable || nowNanos - unavailableSinceNanos < patience.toNanos()) {
            return null;
        }
        return "no worker has been able to start for " + TimeUnit.NANOSECONDS.toSeconds(nowNanos - unavailableSinceNanos)
                + " s; the last start: " + lastFailure;
    }
}
