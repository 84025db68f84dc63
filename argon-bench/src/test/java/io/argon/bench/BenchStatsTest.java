package io.argon.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BenchStatsTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void percentilesMeanAndMaxOfTheCompletedTasks() {
        BenchStats stats = new BenchStats(1000);
        stats.start(0);
        // 1..1000 us, in a scrambled order.
        for (int i = 0; i < 1000; i++) {
            int us = (i * 367) % 1000 + 1;
            stats.recordSuccess(us * 1000L, 0, us * 1000L);
        }
        assertThat(stats.completed()).isEqualTo(1000);
        assertThat(stats.meanLatencyUs()).isEqualTo(500.5);
        assertThat(stats.latencyPercentileUs(50)).isEqualTo(500);
        assertThat(stats.latencyPercentileUs(90)).isEqualTo(900);
        assertThat(stats.latencyPercentileUs(99)).isEqualTo(990);
        assertThat(stats.maxLatencyUs()).isEqualTo(1000);
    }

    @Test
    void largeLatenciesKeepThreeSignificantDigitsAndTheExactMeanAndMax() {
        BenchStats stats = new BenchStats(2);
        stats.start(0);
        stats.recordSuccess(123_456_789L, 0, 1);
        stats.recordSuccess(1_000_000L, 0, 2);
        assertThat(stats.latencyPercentileUs(100)).isCloseTo(123_456.0, within(123_456 * 0.001));
        assertThat(stats.maxLatencyUs()).isEqualTo(123_456.789);
        assertThat(stats.meanLatencyUs()).isEqualTo((123_456.789 + 1000) / 2);
    }

    @Test
    void wallTimeRunsFromTheStartToTheLastAnswer() {
        BenchStats stats = new BenchStats(3);
        stats.start(10 * MS);
        stats.recordSuccess(MS, 0, 12 * MS);
        stats.recordError("boom", 40 * MS);
        stats.recordSuccess(MS, 0, 30 * MS);
        assertThat(stats.wallNanos()).isEqualTo(30 * MS);
    }

    @Test
    void meanSimulatedDelayCountsTheCompletedTasksOnly() {
        BenchStats stats = new BenchStats(3);
        stats.start(0);
        stats.recordSuccess(MS, 0.010, 1);
        stats.recordSuccess(MS, 0.030, 1);
        stats.recordError("failed", 1);
        assertThat(stats.meanSimulatedDelayUs()).isCloseTo(20_000, within(1e-6));
        assertThat(stats.simulatedSumSeconds()).isCloseTo(0.040, within(1e-12));
    }

    @Test
    void nothingCompletedMeansNoLatency() {
        BenchStats stats = new BenchStats(1);
        stats.start(0);
        stats.recordError("failed", 1);
        assertThat(stats.meanLatencyUs()).isNaN();
        assertThat(stats.latencyPercentileUs(50)).isNaN();
        assertThat(stats.meanSimulatedDelayUs()).isNaN();
    }

    @Test
    void abandoningCountsTheUnansweredAsErrorsAndIgnoresLateAnswers() throws InterruptedException {
        BenchStats stats = new BenchStats(10);
        stats.start(0);
        for (int i = 0; i < 4; i++) {
            stats.recordSuccess(MS, 0, MS);
        }
        stats.recordError("failed", MS);
        assertThat(stats.awaitAll(MS)).isFalse();

        stats.abandon("no answer", 5 * MS);
        stats.recordSuccess(MS, 0, 9 * MS);
        stats.recordError("late", 9 * MS);
        // The rejections retried are worked out once the run is over, abandoned or not.
        stats.recordRetriedRejections(1);

        assertThat(stats.completed()).isEqualTo(4);
        assertThat(stats.errors()).isEqualTo(6);
        assertThat(stats.rejected()).isEqualTo(1);
        assertThat(stats.completed() + stats.errors()).isEqualTo(10);
        assertThat(stats.errorReasons()).containsEntry("failed", 1L).containsEntry("no answer", 5L).doesNotContainKey("late");
        assertThat(stats.wallNanos()).isEqualTo(5 * MS);
        assertThat(stats.awaitAll(MS)).isTrue();
    }

    @Test
    void retriedRejectionsAreACountNeverNegative() {
        BenchStats stats = new BenchStats(1);
        assertThat(stats.rejected()).isZero();
        stats.recordRetriedRejections(7);
        assertThat(stats.rejected()).isEqualTo(7);
        assertThatThrownBy(() -> stats.recordRetriedRejections(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorReasonsAreCappedSoTheReportStaysShort() {
        BenchStats stats = new BenchStats(100);
        stats.start(0);
        for (int i = 0; i < 100; i++) {
            stats.recordError("reason " + (i % 20), 1);
        }
        assertThat(stats.errorReasons()).hasSize(BenchStats.MAX_REASONS + 1);
        assertThat(stats.errorReasons().get(BenchStats.OTHER_REASONS)).isEqualTo(50);
        assertThat(stats.errorReasons().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(100);
    }

    @Test
    void awaitAllReturnsOnceEveryTaskIsAnswered() throws InterruptedException {
        BenchStats stats = new BenchStats(2);
        stats.start(System.nanoTime());
        Thread answers = new Thread(() -> {
            stats.recordSuccess(MS, 0, System.nanoTime());
            stats.recordError("x", System.nanoTime());
        });
        answers.start();
        assertThat(stats.awaitAll(TimeUnit.SECONDS.toNanos(10))).isTrue();
        answers.join();
    }
}
