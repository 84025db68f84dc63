package io.argon.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.argon.core.net.TestLoop;
import io.argon.core.net.Transport;
import io.argon.protocol.Messages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The order a daemon stops in, on a loop and clock the test drives. */
class DaemonTest {
    private static final Duration GRACE = Duration.ofSeconds(30);

    private final TestLoop test = new TestLoop();
    private final Daemon daemon = new Daemon("test", test.loop(), Transport.NIO, Messages.DEFAULT_MAX_FRAME_BYTES, 16);
    private final List<String> events = new ArrayList<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();

    private final Daemon.Role role = new Daemon.Role() {
        @Override
        public CompletableFuture<Void> drain() {
            events.add("drain");
            return drained;
        }

        @Override
        public void abandon() {
            events.add("abandon");
        }
    };

    @AfterEach
    void close() {
        test.close();
    }

    @Test
    void stoppingDrainsThenAbandonsThenUndoesTheStartNewestFirst() {
        daemon.onStop(() -> events.add("undo first"));
        daemon.onStop(() -> events.add("undo second"));
        CompletableFuture<Void> stopped = daemon.stop(GRACE, role);
        test.runPending();
        assertThat(events).containsExactly("drain");
        assertThat(stopped).isNotDone();

        drained.complete(null);
        test.runPending();
        assertThat(events).containsExactly("drain", "abandon", "undo second", "undo first");
        assertThat(stopped).isCompleted();
        assertThat(daemon.stop(GRACE, role)).as("stopping twice is stopping once").isSameAs(stopped);
    }

    @Test
    void theGracePeriodEndsADrainThatDoesNotFinish() {
        CompletableFuture<Void> stopped = daemon.stop(GRACE, role);
        test.runPending();
        test.advance(GRACE.minusMillis(1));
        assertThat(events).containsExactly("drain");
        test.advanceMillis(1);
        assertThat(events).containsExactly("drain", "abandon");
        assertThat(stopped).isCompleted();
    }

    @Test
    void anUndoStepThatFinishesLaterHoldsBackTheStepsBeforeIt() {
        CompletableFuture<Void> workersExited = new CompletableFuture<>();
        daemon.onStop(() -> events.add("remove files"));
        daemon.onStop(() -> {
            events.add("stop workers");
            return workersExited;
        });
        drained.complete(null);
        CompletableFuture<Void> stopped = daemon.stop(GRACE, role);
        test.runPending();
        assertThat(events).containsExactly("drain", "abandon", "stop workers");
        assertThat(stopped).isNotDone();

        workersExited.complete(null);
        test.runPending();
        assertThat(events).endsWith("remove files");
        assertThat(stopped).isCompleted();
    }

    @Test
    void aFailedStartIsUndoneWithoutADrainAndAFailingStepDoesNotStopTheOthers() {
        daemon.onStop(() -> events.add("delete socket"));
        daemon.onStop(() -> {
            events.add("stop workers");
            throw new IllegalStateException("boom");
        });
        daemon.onStop(() -> events.add("stop link"));
        CompletableFuture<Void> aborted = daemon.abort();
        test.runPending();
        assertThat(events).containsExactly("stop link", "stop workers", "delete socket");
        assertThat(aborted).isCompleted();
    }
}
