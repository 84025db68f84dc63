package io.argon.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.argon.core.daemon.Submission;
import io.argon.core.daemon.TaskStats;
import io.argon.protocol.Submit;
import io.argon.task.Priority;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The adaptive in-flight window: prefetch for short tasks, no more than the workers for long ones. */
class NodeTrackerTest {
    private static final long ROUND_TRIP = TimeUnit.MICROSECONDS.toNanos(200);

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private long ids;

    @AfterEach
    void closeChannel() {
        channel.finishAndReleaseAll();
    }

    private NodeTracker node(int workers) {
        return new NodeTracker("127.0.0.1:" + (9000 + workers), workers, channel, 0);
    }

    /** Records a full history of tasks that each took {@code micros}, as seen from the manager. */
    private static void history(NodeTracker node, long micros) {
        for (int i = 0; i < NodeTracker.HISTORY; i++) {
            node.recordTask(TimeUnit.MICROSECONDS.toNanos(micros), 0);
        }
    }

    private void fill(NodeTracker node, int tasks) {
        for (int i = 0; i < tasks; i++) {
            String id = Long.toString(++ids);
            Submit request = new Submit("c" + id, "io.argon.examples.SampleTask", null, Priority.NORMAL, false);
            RoutedTask task = new RoutedTask(new Submission(request, channel, new TaskStats()), id, 0, 1);
            task.start(node, 0);
            node.send(task, 0);
        }
    }

    /** A round trip as the node sees it once past the first, cold heartbeat (which it drops). */
    private static void seenRoundTrip(NodeTracker node, long nanos) {
        node.recordRoundTrip(TimeUnit.MILLISECONDS.toNanos(50));
        node.recordRoundTrip(nanos);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 16})
    void aFreshNodeGetsOneTaskPerWorker(int workers) {
        NodeTracker node = node(workers);
        assertThat(node.hasHistory()).isFalse();
        assertThat(node.averageNanos()).isZero();
        assertThat(node.window()).isEqualTo(workers);
        seenRoundTrip(node, ROUND_TRIP);
        assertThat(node.window()).isEqualTo(workers);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 16})
    void longTasksGetNoMoreThanTheWorkers(int workers) {
        NodeTracker node = node(workers);
        seenRoundTrip(node, ROUND_TRIP);
        history(node, 10_000); // ~10 ms tasks: the round trip is 2% of a task
        assertThat(node.window()).isEqualTo(workers);

        history(node, 1_000_000); // 1 s tasks
        assertThat(node.window()).isEqualTo(workers);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 16})
    void shortTasksGetMoreThanTheWorkersButAtMostTheCap(int workers) {
        NodeTracker node = node(workers);
        seenRoundTrip(node, ROUND_TRIP);
        history(node, 250); // ~250 us tasks: most of a task's time is the round trip
        assertThat(node.window())
                .isGreaterThan(workers)
                .isLessThanOrEqualTo(NodeTracker.MAX_PREFETCH * workers);
    }

    @Test
    void theWindowGrowsAsTasksShrinkRelativeToTheRoundTrip() {
        NodeTracker node = node(4);
        seenRoundTrip(node, ROUND_TRIP);
        int previous = 0;
        for (long micros : new long[] {50_000, 5_000, 1_000, 400, 300, 250, 210}) {
            history(node, micros);
            int window = node.window();
            assertThat(window).as("window for %d us tasks", micros)
                    .isGreaterThanOrEqualTo(previous)
                    .isBetween(4, NodeTracker.MAX_PREFETCH * 4);
            previous = window;
        }
        assertThat(previous).isEqualTo(NodeTracker.MAX_PREFETCH * 4);
    }

    @Test
    void tasksShorterThanTheRoundTripAreCappedNotOverflowed() {
        NodeTracker node = node(8);
        seenRoundTrip(node, TimeUnit.MILLISECONDS.toNanos(50));
        history(node, 1); // answers "faster" than the smoothed round trip
        assertThat(node.window()).isEqualTo(NodeTracker.MAX_PREFETCH * 8);
    }

    @Test
    void theAverageCoversOnlyTheRecentHistory() {
        NodeTracker node = node(1);
        node.recordTask(TimeUnit.MILLISECONDS.toNanos(4), 0);
        node.recordTask(TimeUnit.MILLISECONDS.toNanos(2), 0);
        assertThat(node.hasHistory()).isTrue();
        assertThat(node.averageNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(3));

        history(node, 100);
        assertThat(node.averageNanos()).isEqualTo(TimeUnit.MICROSECONDS.toNanos(100));
        node.recordTask(TimeUnit.MICROSECONDS.toNanos(1_100), 0); // replaces the oldest of ten
        assertThat(node.averageNanos()).isEqualTo(TimeUnit.MICROSECONDS.toNanos(200));
    }

    @Test
    void oneDelayedPingWidensTheWindowNoMoreThanATrulyLongerRoundTrip() {
        NodeTracker node = node(16);
        history(node, 5_000);
        seenRoundTrip(node, ROUND_TRIP);
        assertThat(node.window()).isEqualTo(16);
        node.recordRoundTrip(TimeUnit.MILLISECONDS.toNanos(2)); // one ping delayed by a burst

        NodeTracker reference = node(16);
        history(reference, 5_000);
        seenRoundTrip(reference, TimeUnit.MILLISECONDS.toNanos(2));
        assertThat(node.window()).isBetween(16, reference.window() - 1);
    }

    /**
     * The first heartbeat after a node registers pays one-time costs on both sides (measured
     * in a fresh manager: ~8 ms, against ~0.3 ms for the next ones). One such sample should
     * not make 10 ms tasks look short once a normal round trip has been seen.
     */
    @Test
    void aColdFirstRoundTripDoesNotOutliveTheNextNormalOne() {
        NodeTracker node = node(2);
        history(node, 10_000);
        node.recordRoundTrip(TimeUnit.MILLISECONDS.toNanos(8));
        node.recordRoundTrip(TimeUnit.MICROSECONDS.toNanos(300));
        assertThat(node.window()).isEqualTo(2);
    }

    @Test
    void roomIsTheWindowMinusTasksInFlight() {
        NodeTracker node = node(2);
        assertThat(node.hasRoom()).isTrue();
        fill(node, 1);
        assertThat(node.hasRoom()).isTrue();
        fill(node, 1);
        assertThat(node.hasRoom()).isFalse();

        NodeTracker prefetching = node(2);
        seenRoundTrip(prefetching, ROUND_TRIP);
        history(prefetching, 250);
        fill(prefetching, 2);
        assertThat(prefetching.hasRoom()).isTrue();
        fill(prefetching, prefetching.window() - 2);
        assertThat(prefetching.hasRoom()).isFalse();
    }

    @Test
    void aLeavingOrRefusingNodeHasNoRoom() {
        NodeTracker leaving = node(4);
        leaving.leave();
        assertThat(leaving.hasRoom()).isFalse();

        NodeTracker refusing = node(4);
        refusing.rejected();
        assertThat(refusing.hasRoom()).isFalse();
        refusing.tookTask();
        assertThat(refusing.hasRoom()).isTrue();
    }

    @Test
    void expectedTimeIsTheAverageTimesTheTasksAheadPlusOne() {
        NodeTracker node = node(4);
        assertThat(node.expectedNanos(0, 0)).isZero();
        history(node, 1_000);
        assertThat(node.expectedNanos(0, 0)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
        fill(node, 3);
        assertThat(node.expectedNanos(0, 0)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(4));
    }
}
