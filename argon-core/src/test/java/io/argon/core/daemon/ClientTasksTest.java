package io.argon.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.argon.core.net.TestLoop;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.RawJson;
import io.argon.protocol.Result;
import io.argon.protocol.Submit;
import io.argon.task.Priority;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientTasksTest {
    private final TestLoop test = new TestLoop();
    private final EmbeddedChannel client = test.channel();
    private final ClientTasks<Held> tasks = new ClientTasks<>(test.loop());
    private final java.util.List<String> timedOut = new java.util.ArrayList<>();
    private final TaskStats stats = new TaskStats();

    private static final class Held extends HeldTask {
        Held(PendingTask pending, long timeoutMillis, long acceptedNanos) {
            super(pending, timeoutMillis, acceptedNanos);
        }
    }

    private Held held(EmbeddedChannel from, String id) {
        return held(from, id, 0);
    }

    private Held held(EmbeddedChannel from, String id, long timeoutMillis) {
        Held task = new Held(new PendingTask(new Submit(id, "C", RawJson.EMPTY_OBJECT, Priority.NORMAL, false), from, stats),
                timeoutMillis, test.nanoTime());
        tasks.add(task, t -> timedOut.add(t.request().id()));
        return task;
    }

    @AfterEach
    void close() {
        test.close();
    }

    @Test
    void aTaskIsAnsweredOnceAndThenNoLongerFound() {
        Held task = held(client, "t1");
        assertThat(tasks.find(client, "t1")).isSameAs(task);
        assertThat(tasks.finish(task, new Result("t1", RawJson.NULL))).isTrue();
        assertThat(tasks.fail(task, ErrorKind.TIMEOUT, "too late")).isFalse();
        assertThat((Object) client.readOutbound()).isEqualTo(new Result("t1", RawJson.NULL));
        assertThat((Object) client.readOutbound()).isNull();
        assertThat(tasks.find(client, "t1")).isNull();
        assertThat(task.isAnswered()).isTrue();
    }

    @Test
    void aDeadlinePassesForATaskNotAnsweredAndNeverForOneThatWas() {
        Held late = held(client, "late", 100);
        Held early = held(client, "early", 100);
        tasks.fail(early, ErrorKind.CANCELLED, "cancelled");
        test.advanceMillis(99);
        assertThat(timedOut).isEmpty();
        test.advanceMillis(1);
        assertThat(timedOut).containsExactly("late");
        assertThat(late.isAnswered()).as("answering it is the daemon's call").isFalse();
        assertThat(((Failure) client.readOutbound()).kind()).isEqualTo(ErrorKind.CANCELLED);
    }

    @Test
    void idsAreTheClientsOwnAndGoWithIt() {
        EmbeddedChannel other = test.channel();
        Held mine = held(client, "same");
        Held theirs = held(other, "same");
        assertThat(tasks.find(client, "same")).isSameAs(mine);
        assertThat(tasks.find(other, "same")).isSameAs(theirs);

        assertThat(tasks.clientGone(client)).containsExactly(mine);
        tasks.drop(mine);
        assertThat(mine.isAnswered()).isTrue();
        assertThat((Object) client.readOutbound()).as("nobody to answer").isNull();
        assertThat(tasks.find(client, "same")).isNull();
        assertThat(tasks.find(other, "same")).isSameAs(theirs);
        assertThat(tasks.clientGone(client)).isEmpty();
    }

    @Test
    void everyAnswerAndDropIsCountedByOutcomeAndAStartedTaskHasItsTimes() {
        java.util.List<long[]> times = new java.util.ArrayList<>();
        stats.timings((waited, ran) -> times.add(new long[] {waited, ran}));
        Held ran = held(client, "ran");
        test.advanceMillis(30);
        ran.started(test.nanoTime());
        test.advanceMillis(70);
        tasks.finish(ran, new Result("ran", RawJson.NULL));
        Held late = held(client, "late");
        tasks.fail(late, ErrorKind.TIMEOUT, "too late");
        tasks.fail(late, ErrorKind.CANCELLED, "answered once, counted once");
        Held gone = held(client, "gone");
        tasks.clientGone(client);
        tasks.drop(gone);
        new PendingTask(new Submit("full", "C", RawJson.EMPTY_OBJECT, Priority.NORMAL, false), client, stats).reject("full");

        assertThat(stats.count(TaskStats.RESULT)).isEqualTo(1);
        assertThat(stats.count("timeout")).isEqualTo(1);
        assertThat(stats.count("cancelled")).isZero();
        assertThat(stats.count(TaskStats.DROPPED)).isEqualTo(1);
        assertThat(stats.count(TaskStats.REJECTED)).isEqualTo(1);
        assertThat(stats.total()).isEqualTo(4);
        assertThat(stats.counts()).hasSize(TaskStats.OUTCOMES.size()).containsEntry("task_failed", 0L);
        assertThat(times).as("only the task that started has times").hasSize(1);
        assertThat(times.get(0)).containsExactly(30_000_000L, 70_000_000L);
    }
}
