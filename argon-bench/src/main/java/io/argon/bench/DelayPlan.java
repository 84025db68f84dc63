package io.argon.bench;

import java.util.random.RandomGenerator;

/**
 * How long each simulated task sleeps: uniformly in {@code [delay - variance, delay + variance]}.
 *
 * <p>No task may sleep a negative time. Like the seed's bench, a variance larger than the
 * delay is clamped to the delay (so delays fall in {@code [0, 2 * delay]}); {@link #clamped()}
 * says when that happened, so the caller can tell the user. Clamping keeps the mean delay
 * equal to {@code delay}, which the overhead figure relies on; cutting negative draws off at
 * zero instead would have moved the mean.
 *
 * @param delaySeconds       the mean delay
 * @param varianceSeconds    half the width of the interval delays are drawn from, after clamping
 * @param requestedVariance  the variance asked for, before clamping
 */
public record DelayPlan(double delaySeconds, double varianceSeconds, double requestedVariance) {
    public DelayPlan {
        requireNonNegative("delay", delaySeconds);
        requireNonNegative("variance", requestedVariance);
        if (varianceSeconds != Math.min(requestedVariance, delaySeconds)) {
            throw new IllegalArgumentException("variance must be the requested one clamped to the delay");
        }
    }

    /** The plan for {@code -d delay -v variance}, with the variance clamped to the delay. */
    public static DelayPlan of(double delaySeconds, double varianceSeconds) {
        return new DelayPlan(delaySeconds, Math.min(varianceSeconds, delaySeconds), varianceSeconds);
    }

    /** True when the variance asked for was larger than the delay and had to be reduced. */
    public boolean clamped() {
        return varianceSeconds < requestedVariance;
    }

    /** One task's delay in seconds; never negative. */
    public double draw(RandomGenerator random) {
        if (varianceSeconds == 0) {
            return delaySeconds;
        }
        double delay = delaySeconds + varianceSeconds * (2 * random.nextDouble() - 1);
        // Rounding can take delay - variance a hair below zero when the two are equal.
        return Math.max(0, delay);
    }

    /** The note to print when the variance was clamped. */
    public String clampNote() {
        return "variance " + seconds(requestedVariance) + " s is larger than the delay " + seconds(delaySeconds)
                + " s; using variance " + seconds(varianceSeconds) + " s so that no task's delay is negative";
    }

    private static void requireNonNegative(String what, double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException(what + " must be a number of seconds >= 0, got " + seconds);
        }
    }

    private static String seconds(double value) {
        return BenchFormat.decimal(value, 6);
    }
}
