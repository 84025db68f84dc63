package io.argon.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argon.core.daemon.TaskBook.Ending;
import io.argon.core.net.TestLoop;
import io.argon.protocol.Cancel;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Message;
import io.argon.protocol.RawJson;
import io.argon.protocol.Result;
import io.argon.protocol.Submit;
import io.argon.task.Priority;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The task book, driven by hand as OkHttp's DispatcherTest drives its dispatcher: the runner
 * records what it is asked to start, stop and withdraw and has room only when the test gives
 * it some, and the clock moves only when the test moves it.
 */
class TaskBookTest {
    private final TestLoop test = new TestLoop();
    private final EmbeddedChannel client = test.channel();
    private final RecordingRunner runner = new RecordingRunner();
    private final TaskStats stats = new TaskStats();
    private TaskBook<Held> book = new TaskBook<>(test.loop(), 3, stats, runner);

    /** A daemon's task, its place a name. */
    private static final class Held extends HeldTask<String> {
        Held(Submission submission, long timeoutMillis, long acceptedNanos, int daemonAttempts) {
            super(submission, timeoutMillis, acceptedNanos, daemonAttempts);
        }

        @Override
        public String toString() {
            return request().id();
        }
    }

    /** Starts tasks at "place" while it has room, and records everything it is asked. */
    private final class RecordingRunner implements TaskBook.Runner<Held> {
        int room;
        final List<String> started = new ArrayList<>();
        final List<String> stopped = new ArrayList<>();
        final List<String> withdrawn = new ArrayList<>();

        @Override
        public boolean tryStart(Held task) {
            if (room == 0) {
                return false;
            }
            room--;
            task.start("place", test.nanoTime());
            started.add(task.request().id());
            return true;
        }

        @Override
        public void stop(Held task, Ending ending) {
            stopped.add(task.request().id() + " " + ending);
        }

        @Override
        public void withdraw(Held task) {
            withdrawn.add(task.request().id());
        }

        @Override
        public String reason(Held task, Ending ending) {
            return ending + (task.isQueued() ? " while queued" : " while started");
        }
    }

    @AfterEach
    void close() {
        test.close();
    }

    private Held task(String id) {
        return task(client, id, Priority.NORMAL, false, 0, 0);
    }

    private Held task(String id, Priority priority) {
        return task(client, id, priority, false, 0, 0);
    }

    private Held task(EmbeddedChannel from, String id, Priority priority, boolean idempotent, long timeoutMillis, int ownAttempts) {
        Submit request = new Submit(id, "C", RawJson.EMPTY_OBJECT, priority, idempotent, timeoutMillis, ownAttempts);
        return new Held(new Submission(request, from, stats), timeoutMillis, test.nanoTime(), 3);
    }

    private Held admitted(String id) {
        Held task = task(id);
        assertThat(book.admit(task)).isTrue();
        return task;
    }

    private List<Message> answers() {
        List<Message> answers = new ArrayList<>();
        Message message;
        while ((message = client.readOutbound()) != null) {
            answers.add(message);
        }
        return answers;
    }

    private Failure onlyFailure() {
        List<Message> answers = answers();
        assertThat(answers).hasSize(1).first().isInstanceOf(Failure.class);
        return (Failure) answers.get(0);
    }

    /** Gives the runner room for {@code tasks} more and moves the queue forward. */
    private void room(int tasks) {
        runner.room += tasks;
        book.promote();
    }

    // ---- taking tasks in, and the bound ----

    @Test
    void aTaskStartsAtOnceWhenTheRunnerHasRoomAndNothingWaits() {
        runner.room = 1;
        Held task = admitted("a");
        assertThat(runner.started).containsExactly("a");
        assertThat(task.isQueued()).isFalse();
        assertThat(task.place()).isEqualTo("place");
        assertThat(task.attempts()).isEqualTo(1);
        assertThat(book.queued()).isZero();
        assertThat(book.isEmpty()).as("it awaits its answer").isFalse();
    }

    @Test
    void aFullQueueRefusesWhateverThePriorityAndHoldsNothingOfWhatItRefused() {
        admitted("a");
        admitted("b");
        admitted("c");
        Held refused = task("d", Priority.MAX);
        assertThat(book.admit(refused)).isFalse();
        assertThat(book.queued()).isEqualTo(3);
        book.cancel(client, new Cancel("d", false));
        assertThat(answers()).as("the caller answers a refused task, not the book").isEmpty();

        room(1);
        assertThat(runner.started).containsExactly("a");
        assertThat(book.admit(task("e"))).as("room for one again").isTrue();
        assertThat(book.admit(task("f"))).isFalse();
    }

    @Test
    void aQueueOfZeroStillStartsTasksTheRunnerHasRoomFor() {
        book = new TaskBook<>(test.loop(), 0, stats, runner);
        runner.room = 1;
        assertThat(book.admit(task("runs"))).isTrue();
        assertThat(book.admit(task("waits"))).isFalse();
        assertThat(runner.started).containsExactly("runs");
    }

    @Test
    void aNegativeCapacityIsRefused() {
        assertThatThrownBy(() -> new TaskBook<>(test.loop(), -1, stats, runner))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @Test
    void aNewTaskWaitsBehindQueuedOnesEvenWhenTheRunnerHasRoom() {
        admitted("first");
        runner.room = 1;
        admitted("second");
        assertThat(runner.started).as("no overtaking: the runner's room is for the queue's head").isEmpty();
        book.promote();
        assertThat(runner.started).containsExactly("first");
        assertThat(book.queued()).isEqualTo(1);
    }

    @Test
    void queuedTasksStartMostUrgentFirstAndInOrderWithinAPriority() {
        book = new TaskBook<>(test.loop(), 10, stats, runner);
        for (String id : List.of("n1", "low", "n2", "max", "h1", "min", "h2")) {
            Priority priority = switch (id.charAt(0)) {
                case 'h' -> Priority.HIGH;
                case 'l' -> Priority.LOW;
                case 'm' -> id.equals("max") ? Priority.MAX : Priority.MIN;
                default -> Priority.NORMAL;
            };
            book.admit(task(id, priority));
        }
        assertThat(book.queued(Priority.HIGH)).isEqualTo(2);
        assertThat(book.queued(Priority.NORMAL)).isEqualTo(2);
        room(3);
        assertThat(runner.started).containsExactly("max", "h1", "h2");
        book.admit(task("h3", Priority.HIGH));
        room(10);
        assertThat(runner.started).containsExactly("max", "h1", "h2", "h3", "n1", "n2", "low", "min");
        assertThat(book.queued()).isZero();
    }

    // ---- answers ----

    @Test
    void aTaskIsAnsweredOnceAndThenNoLongerFound() {
        runner.room = 1;
        Held task = admitted("t1");
        assertThat(book.finish(task, new Result("t1", RawJson.NULL))).isTrue();
        assertThat(book.fail(task, ErrorKind.TIMEOUT, "too late")).isFalse();
        assertThat(answers()).containsExactly(new Result("t1", RawJson.NULL));
        book.cancel(client, new Cancel("t1", false));
        assertThat(answers()).isEmpty();
        assertThat(runner.stopped).isEmpty();
        assertThat(task.isAnswered()).isTrue();
        assertThat(book.isEmpty()).isTrue();
    }

    @Test
    void failingAQueuedTaskTakesItOutOfTheQueue() {
        Held task = admitted("q");
        book.fail(task, ErrorKind.NO_WORKERS, "none");
        assertThat(book.queued()).isZero();
        room(1);
        assertThat(runner.started).isEmpty();
    }

    @Test
    void failQueuedAnswersEveryWaitingTaskMostUrgentFirstAndLeavesStartedOnes() {
        runner.room = 1;
        admitted("running");
        book.admit(task("low", Priority.LOW));
        book.admit(task("high", Priority.HIGH));
        book.failQueued(ErrorKind.SHUTTING_DOWN, "stopping");
        assertThat(answers()).extracting(Message::id).containsExactly("high", "low");
        assertThat(book.queued()).isZero();
        assertThat(book.isEmpty()).as("the started task still awaits its answer").isFalse();
    }

    @Test
    void everyAnswerAndDropIsCountedByOutcomeARejectionApartAndAStartedTaskHasItsTimes() {
        RecordingRecorder recorded = new RecordingRecorder();
        stats.recorder(recorded);
        Held ran = admitted("ran");
        test.advanceMillis(30);
        room(1);
        test.advanceMillis(70);
        book.finish(ran, new Result("ran", RawJson.NULL));
        Held late = admitted("late");
        book.fail(late, ErrorKind.TIMEOUT, "too late");
        book.fail(late, ErrorKind.CANCELLED, "answered once, counted once");
        admitted("gone");
        book.clientGone(client);
        new Submission(new Submit("full", "C", RawJson.EMPTY_OBJECT, Priority.NORMAL, false), client, stats).reject("full");

        assertThat(stats.count(TaskStats.RESULT)).isEqualTo(1);
        assertThat(stats.count("timeout")).isEqualTo(1);
        assertThat(stats.count("cancelled")).isZero();
        assertThat(stats.count(TaskStats.DROPPED)).isEqualTo(1);
        assertThat(stats.rejections()).isEqualTo(1);
        assertThat(stats.total()).as("a rejection is a try, not a task").isEqualTo(3);
        assertThat(stats.counts()).hasSize(TaskStats.OUTCOMES.size()).containsEntry("task_failed", 0L).doesNotContainKey("rejected");
        assertThat(recorded.ends).containsExactly("C result", "C timeout", "C dropped");
        assertThat(recorded.times).as("only the task that started has times").singleElement()
                .satisfies(times -> assertThat(times).containsExactly(30_000_000L, 70_000_000L));
    }

    // ---- deadlines ----

    @Test
    void aTaskStillQueuedAtItsDeadlineIsAnsweredTimeoutAndNeverStarts() {
        Held task = task(client, "late", Priority.NORMAL, false, 100, 0);
        book.admit(task);
        test.advanceMillis(99);
        assertThat(answers()).isEmpty();
        test.advanceMillis(1);
        Failure timeout = onlyFailure();
        assertThat(timeout.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(timeout.message()).isEqualTo("TIMED_OUT while queued");
        room(1);
        assertThat(runner.started).isEmpty();
        assertThat(runner.stopped).isEmpty();
    }

    @Test
    void aStartedTaskAtItsDeadlineIsAnsweredTimeoutAndStoppedWhereItRuns() {
        runner.room = 1;
        book.admit(task(client, "slow", Priority.NORMAL, false, 100, 0));
        test.advanceMillis(100);
        assertThat(onlyFailure().message()).isEqualTo("TIMED_OUT while started");
        assertThat(runner.stopped).containsExactly("slow TIMED_OUT");
    }

    @Test
    void aTaskAnsweredInTimeKeepsNoTimer() {
        runner.room = 1;
        Held task = task(client, "quick", Priority.NORMAL, false, 100, 0);
        book.admit(task);
        book.finish(task, new Result("quick", RawJson.NULL));
        answers();
        test.advanceMillis(1000);
        assertThat(answers()).isEmpty();
        assertThat(runner.stopped).isEmpty();
    }

    @Test
    void theRemainingTimeIsCountedFromTheMomentTheTaskWasTakenIn() {
        Held task = task(client, "t", Priority.NORMAL, false, 1000, 0);
        book.admit(task);
        test.advanceMillis(250);
        assertThat(task.remainingMillis(test.nanoTime())).isEqualTo(750);
        test.advance(java.time.Duration.ofNanos(999_999_500));
        assertThat(task.remainingMillis(test.nanoTime())).as("never 0: 0 means none").isEqualTo(1);
        assertThat(task("none").remainingMillis(test.nanoTime())).isZero();
    }

    // ---- cancels and clients ----

    @Test
    void aCancelledQueuedTaskIsAnsweredAndNeverStarts() {
        admitted("q");
        book.cancel(client, new Cancel("q", true));
        Failure cancelled = onlyFailure();
        assertThat(cancelled.kind()).isEqualTo(ErrorKind.CANCELLED);
        assertThat(cancelled.message()).isEqualTo("CANCELLED while queued");
        assertThat(book.queued()).isZero();
        room(1);
        assertThat(runner.started).isEmpty();
    }

    @Test
    void aCancelledStartedTaskIsAnsweredAndStoppedUnlessOnlyIfNotStarted() {
        runner.room = 2;
        admitted("a");
        admitted("b");
        book.cancel(client, new Cancel("a", true));
        assertThat(answers()).as("only the runner knows whether it has begun").isEmpty();
        assertThat(runner.withdrawn).containsExactly("a");
        book.cancel(client, new Cancel("b", false));
        assertThat(onlyFailure().message()).isEqualTo("CANCELLED while started");
        assertThat(runner.stopped).containsExactly("b CANCELLED");
    }

    @Test
    void aCancelOfAnUnknownIdOrFromAnotherConnectionChangesNothing() {
        EmbeddedChannel other = test.channel();
        admitted("mine");
        book.cancel(client, new Cancel("unknown", false));
        book.cancel(other, new Cancel("mine", false));
        assertThat(answers()).isEmpty();
        assertThat((Object) other.readOutbound()).isNull();
        assertThat(book.queued()).isEqualTo(1);
    }

    @Test
    void idsAreTheClientsOwnAndGoWithIt() {
        EmbeddedChannel other = test.channel();
        runner.room = 1;
        admitted("started");
        Held mine = admitted("same");
        Held theirs = task(other, "same", Priority.NORMAL, false, 0, 0);
        book.admit(theirs);

        assertThat(book.clientGone(client)).as("dropped: the queued one").isEqualTo(1);
        assertThat(mine.isAnswered()).isTrue();
        assertThat(runner.withdrawn).containsExactly("started");
        assertThat(answers()).as("nobody to answer").isEmpty();
        assertThat(book.queued()).isEqualTo(1);
        assertThat(book.clientGone(client)).isZero();
        book.cancel(other, new Cancel("same", false));
        assertThat(((Failure) other.readOutbound()).kind()).isEqualTo(ErrorKind.CANCELLED);
        assertThat(book.isEmpty()).as("the started task of the client that left still awaits its answer").isFalse();
    }

    @Test
    void anOperatorsCancelEndsEveryTaskWithThatIdWhoeverSentItAndSaysHowMany() {
        EmbeddedChannel other = test.channel();
        runner.room = 1;
        admitted("17");
        book.admit(task(other, "17", Priority.NORMAL, false, 0, 0));
        admitted("18");

        assertThat(book.cancelAnywhere("17")).isEqualTo(2);
        assertThat(onlyFailure().message()).isEqualTo("CANCELLED while started");
        assertThat(runner.stopped).containsExactly("17 CANCELLED");
        assertThat(((Failure) other.readOutbound()).message()).isEqualTo("CANCELLED while queued");
        assertThat(book.queued()).as("18 still waits").isEqualTo(1);
        assertThat(book.cancelAnywhere("17")).as("answered already").isZero();
        assertThat(book.cancelAnywhere("nothing")).isZero();
    }

    // ---- the retry rule ----

    @Test
    void anIdempotentTaskWhosePlaceIsLostRunsAgainAtTheHeadOfItsLaneUpToItsBound() {
        runner.room = 1;
        Held task = task(client, "again", Priority.NORMAL, true, 0, 0);
        book.admit(task);
        admitted("behind");
        for (int attempt = 1; attempt < 3; attempt++) {
            assertThat(book.lost(task, false, ErrorKind.WORKER_DIED, "died")).isTrue();
            assertThat(book.queued()).as("requeued, past the bound").isEqualTo(2);
            room(1);
            assertThat(runner.started).last().isEqualTo("again");
        }
        assertThat(task.attempts()).isEqualTo(3);
        assertThat(book.lost(task, false, ErrorKind.WORKER_DIED, "died")).isFalse();
        Failure failed = onlyFailure();
        assertThat(failed.kind()).isEqualTo(ErrorKind.WORKER_DIED);
        assertThat(failed.message()).isEqualTo("died (attempt 3 of 3)");
    }

    @Test
    void aTaskNotSafeToRunAgainOrLostWhileClosingIsAnsweredAtOnce() {
        runner.room = 2;
        Held unsafe = admitted("unsafe");
        Held safe = task(client, "safe", Priority.NORMAL, true, 0, 0);
        book.admit(safe);
        assertThat(book.lost(unsafe, false, ErrorKind.NODE_LOST, "lost it")).isFalse();
        assertThat(book.lost(safe, true, ErrorKind.NODE_LOST, "lost it")).isFalse();
        assertThat(answers()).extracting(m -> ((Failure) m).message()).containsExactly("lost it", "lost it");
        assertThat(book.lost(safe, false, ErrorKind.NODE_LOST, "again")).as("answered already").isFalse();
        assertThat(book.queued()).isZero();
    }

    @Test
    void aTaskMayLowerItsBoundOfAttemptsButNotRaiseIt() {
        assertThat(task(client, "lower", Priority.NORMAL, true, 0, 1).maxAttempts()).isEqualTo(1);
        assertThat(task(client, "raise", Priority.NORMAL, true, 0, 10).maxAttempts()).isEqualTo(3);
        assertThat(task(client, "default", Priority.NORMAL, true, 0, 0).maxAttempts()).isEqualTo(3);
    }

    @Test
    void aTaskGivenBackUnstartedWaitsAgainAndTheAttemptDoesNotCount() {
        runner.room = 1;
        Held task = task(client, "back", Priority.NORMAL, true, 0, 0);
        book.admit(task);
        book.putBack(task);
        assertThat(task.attempts()).isZero();
        assertThat(task.isQueued()).isTrue();
        room(1);
        assertThat(task.attempts()).isEqualTo(1);
        assertThat(task.mayRunAgain()).isTrue();
    }

    @Test
    void aStartedTaskCannotStartAgainWithoutBeingPutBack() {
        runner.room = 1;
        Held task = admitted("once");
        assertThatThrownBy(() -> task.start("elsewhere", 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("running at place");
    }

    // ---- the one rule ----

    @Test
    void theBookIsTouchedOnlyOnItsLoop() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            TaskBook<Held> onLoop = new TaskBook<>(loop, 3, stats, runner);
            Held task = task("off");
            assertThatThrownBy(() -> onLoop.admit(task)).as("from the test's thread").isInstanceOf(AssertionError.class);
            assertThatThrownBy(onLoop::promote).isInstanceOf(AssertionError.class);
            assertThatThrownBy(() -> onLoop.clientGone(client)).isInstanceOf(AssertionError.class);
            assertThat(loop.submit(() -> onLoop.admit(task)).get()).as("on its loop").isTrue();
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
