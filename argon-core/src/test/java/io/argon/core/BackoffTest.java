package io.argon.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final long MS = 1_000_000L;

    private final Backoff backoff = new Backoff(Duration.ofMillis(4), Duration.ofSeconds(1));

    @Test
    void theCeilingDoublesFromTheBaseUntilTheCap() {
        assertThat(backoff.ceilingNanos(0)).isEqualTo(4 * MS);
        assertThat(backoff.ceilingNanos(1)).isEqualTo(8 * MS);
        assertThat(backoff.ceilingNanos(2)).isEqualTo(16 * MS);
        assertThat(backoff.ceilingNanos(5)).isEqualTo(128 * MS);
        assertThat(backoff.ceilingNanos(7)).isEqualTo(512 * MS);
        // 4 ms * 2^8 = 1024 ms is above the cap.
        assertThat(backoff.ceilingNanos(8)).isEqualTo(1000 * MS);
        assertThat(backoff.ceilingNanos(9)).isEqualTo(1000 * MS);
    }

    @Test
    void theCeilingNeverDecreasesAndNeverPassesTheCap() {
        long previous = 0;
        for (int attempt = 0; attempt < 200; attempt++) {
            long ceiling = backoff.ceilingNanos(attempt);
            assertThat(ceiling).as("attempt %d", attempt).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(1000 * MS);
            previous = ceiling;
        }
    }

    @Test
    void aNegativeAttemptCountsAsTheFirst() {
        assertThat(backoff.ceilingNanos(-1)).isEqualTo(4 * MS);
        assertThat(backoff.ceilingNanos(Integer.MIN_VALUE)).isEqualTo(4 * MS);
    }

    @Test
    void largeAttemptsDoNotOverflow() {
        for (int attempt : new int[] {30, 31, 32, 61, 62, 63, 64, 65, 100, 1000, Integer.MAX_VALUE}) {
            assertThat(backoff.ceilingNanos(attempt)).as("attempt %d", attempt).isEqualTo(1000 * MS);
            long delay = backoff.delayNanos(attempt);
            assertThat(delay).as("attempt %d", attempt).isBetween(0L, 1000 * MS);
        }
    }

    @Test
    void largeBasesDoNotOverflowEither() {
        // base * 2^n overflows a long long before n reaches the shift clamp.
        Backoff hours = new Backoff(Duration.ofMinutes(10), Duration.ofDays(1));
        for (int attempt = 0; attempt < 100; attempt++) {
            assertThat(hours.ceilingNanos(attempt)).as("attempt %d", attempt)
                    .isPositive()
                    .isLessThanOrEqualTo(Duration.ofDays(1).toNanos());
        }
        assertThat(hours.ceilingNanos(1000)).isEqualTo(Duration.ofDays(1).toNanos());
    }

    @Test
    void aBaseEqualToTheCapAlwaysHasThatCeiling() {
        Backoff flat = new Backoff(Duration.ofMillis(10), Duration.ofMillis(10));
        for (int attempt : new int[] {0, 1, 5, 63, 1000}) {
            assertThat(flat.ceilingNanos(attempt)).isEqualTo(10 * MS);
        }
    }

    @Test
    void theDelayIsAlwaysWithinZeroAndTheCeiling() {
        for (int attempt = 0; attempt < 12; attempt++) {
            long ceiling = backoff.ceilingNanos(attempt);
            for (int i = 0; i < 2000; i++) {
                assertThat(backoff.delayNanos(attempt)).isBetween(0L, ceiling);
            }
        }
    }

    @Test
    void jitterSpreadsTheDelayOverTheWholeInterval() {
        // Statistical: with 1000 uniform samples, the chance that none falls below 25 % of the
        // ceiling is 0.75^1000 (about 1e-125), and likewise for none above 75 %. A failure here
        // means the delay is not spread over [0, ceiling] (e.g. no jitter, or "equal jitter").
        long ceiling = backoff.ceilingNanos(5);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 1000; i++) {
            long delay = backoff.delayNanos(5);
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertThat(min).isLessThan(ceiling / 4);
        assertThat(max).isGreaterThan(ceiling * 3 / 4);
    }

    @Test
    void theDefaultIsFourMillisecondsCappedAtOneSecond() {
        assertThat(Backoff.DEFAULT.ceilingNanos(0)).isEqualTo(4 * MS);
        assertThat(Backoff.DEFAULT.ceilingNanos(100)).isEqualTo(1000 * MS);
    }

    @Test
    void theConstructorNeedsZeroBelowBaseBelowOrAtCap() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base <= cap");
        assertThat(new Backoff(Duration.ofNanos(1), Duration.ofNanos(1)).ceilingNanos(0)).isEqualTo(1);
    }

    @Test
    void aCapAboveOneDayIsRefusedSoTheCeilingCannotOverflow() {
        assertThatThrownBy(() -> new Backoff(Duration.ofNanos(3), Duration.ofNanos(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 day");
        Backoff longest = new Backoff(Duration.ofMillis(1), Duration.ofDays(1));
        assertThat(longest.ceilingNanos(1000)).isEqualTo(Duration.ofDays(1).toNanos());
        assertThat(longest.delayNanos(1000)).isBetween(0L, Duration.ofDays(1).toNanos());
    }
}
