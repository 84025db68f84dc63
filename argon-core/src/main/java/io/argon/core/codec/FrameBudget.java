package io.argon.core.codec;

import io.netty.util.internal.PlatformDependent;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many bytes of frames that have not fully arrived a daemon holds across all its
 * connections, under a cap. Without it, every stranger that sends most of a large frame and
 * stops would hold up to the frame limit, and a thousand of them would take all of the
 * process's memory for buffers, so that nobody else could be served. Thread-safe.
 */
public final class FrameBudget {
    /** Refusals are logged at most this often: a flood must not fill the log too. */
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    private final long limit;
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastLogNanos = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    public FrameBudget(long limitBytes) {
        this.limit = limitBytes;
    }

    /** A quarter of the memory Netty may use for buffers in this process. */
    public static FrameBudget ofBufferMemory() {
        return new FrameBudget(Math.max(64L << 20, PlatformDependent.maxDirectMemory() / 4));
    }

    long limit() {
        return limit;
    }

    /**
     * A connection now holds {@code to} bytes instead of {@code from}; returns false (and
     * changes nothing) when growing would go past the cap.
     */
    boolean resize(long from, long to) {
        long delta = to - from;
        if (delta <= 0) {
            held.addAndGet(delta);
            return true;
        }
        if (held.addAndGet(delta) > limit) {
            held.addAndGet(-delta);
            return false;
        }
        return true;
    }

    /** Counts a refusal; returns how many there were since the last log line if one is due now, else 0. */
    long refusedSinceLastLog() {
        refused.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLogNanos.get();
        if (now - last >= LOG_EVERY_NANOS && lastLogNanos.compareAndSet(last, now)) {
            return refused.getAndSet(0);
        }
        return 0;
    }

    long held() {
        return held.get();
    }
}
