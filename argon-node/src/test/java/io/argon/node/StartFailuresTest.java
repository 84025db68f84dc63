package io.argon.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.argon.core.Backoff;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How the pool counts workers that fail to start; the clock is a number the test passes in. */
class StartFailuresTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final StartFailures failures = new StartFailures(new Backoff(Duration.ofMillis(250), Duration.ofSeconds(2)),
            Duration.ofSeconds(10));

    @Test
    void theDelayDoublesWithEachFailureInARowUpToTheCapAndStartsOverOnceOneStarts() {
        long[] millis = new long[5];
        for (int i = 0; i < millis.length; i++) {
            failures.failed("worker " + i + " failed", false, 0);
            millis[i] = TimeUnit.NANOSECONDS.toMillis(failures.nextDelayNanos());
        }
        assertThat(millis).containsExactly(250, 500, 1000, 2000, 2000);
        assertThat(failures.started()).as("workers were running all along").isFalse();
        assertThat(failures.nextDelayNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
    }

    @Test
    void withNoWorkerRunningTheNodeIsUnavailableOnlyOnceThePatienceHasRunOut() {
        assertThat(failures.failed("worker 2 failed to start: exited with status 1", false, 0))
                .as("another worker runs").isFalse();
        assertThat(failures.unavailableReason(100 * SECOND)).isNull();

        assertThat(failures.failed("worker 3 failed to start: exited with status 1", true, 5 * SECOND)).isTrue();
        assertThat(failures.failed("worker 4 failed to start: exited with status 2", true, 6 * SECOND))
                .as("the same outage goes on").isFalse();
        assertThat(failures.unavailableSince(5 * SECOND)).isTrue();
        assertThat(failures.unavailableReason(15 * SECOND - 1)).isNull();
        assertThat(failures.unavailableReason(15 * SECOND))
                .isEqualTo("no worker has been able to start for 10 s; the last start: worker 4 failed to start: exited with status 2");

        assertThat(failures.started()).as("the outage ends").isTrue();
        assertThat(failures.unavailableReason(100 * SECOND)).isNull();
        assertThat(failures.unavailableSince(5 * SECOND)).isFalse();
    }
}
