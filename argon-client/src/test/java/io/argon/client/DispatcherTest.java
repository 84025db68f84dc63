package io.argon.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argon.protocol.RawJson;
import io.argon.protocol.Submit;
import io.argon.task.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * The client's window of tasks in flight, driven by hand with a sender that records what it is
 * handed (as OkHttp's DispatcherTest drives its dispatcher with a recording executor).
 */
class DispatcherTest {
    private final List<String> sent = new ArrayList<>();
    private final Dispatcher dispatcher = new Dispatcher(2, call -> sent.add(call.id()));

    private static Call task(String id) {
        return new Call(new Submit(id, "io.argon.examples.SampleTask", RawJson.EMPTY_OBJECT, Priority.NORMAL, false));
    }

    @Test
    void tasksGoOutAtOnceWhileTheWindowHasRoomAndTheRestWaitInOrder() {
        for (String id : List.of("1", "2", "3", "4")) {
            dispatcher.enqueue(task(id));
        }
        assertThat(sent).containsExactly("1", "2");
        assertThat(dispatcher.inFlight()).isEqualTo(2);
        assertThat(dispatcher.waiting()).isEqualTo(2);
    }

    @Test
    void anAnswerGivesItsPlaceToTheOldestWaitingTask() {
        Call first = task("1");
        dispatcher.enqueue(first);
        dispatcher.enqueue(task("2"));
        dispatcher.enqueue(task("3"));
        dispatcher.enqueue(task("4"));

        first.result.complete(RawJson.NULL);
        assertThat(sent).containsExactly("1", "2", "3");
        assertThat(dispatcher.inFlight()).isEqualTo(2);
        assertThat(dispatcher.waiting()).isEqualTo(1);
    }

    @Test
    void aTaskThatFailsOrIsCancelledWhileWaitingLeavesWithoutTakingAPlace() {
        dispatcher.enqueue(task("1"));
        dispatcher.enqueue(task("2"));
        Call waiting = task("3");
        dispatcher.enqueue(waiting);
        dispatcher.enqueue(task("4"));

        waiting.result.completeExceptionally(new CancellationException());
        assertThat(dispatcher.waiting()).isEqualTo(1);
        assertThat(dispatcher.inFlight()).isEqualTo(2);
        assertThat(sent).containsExactly("1", "2");
    }

    @Test
    void aCancelledTaskInFlightFreesItsPlace() {
        Call first = task("1");
        dispatcher.enqueue(first);
        dispatcher.enqueue(task("2"));
        dispatcher.enqueue(task("3"));
        first.result.completeExceptionally(new CancellationException());
        assertThat(sent).containsExactly("1", "2", "3");
    }

    @Test
    void theSenderIsCalledWithoutTheLockHeldSoItMayCompleteCallsOfItsOwn() {
        // A sender that fails each call at once, as a closed client does: each failure frees the place for the next.
        List<String> failed = new ArrayList<>();
        Dispatcher failing = new Dispatcher(1, call -> {
            failed.add(call.id());
            call.result.completeExceptionally(new ConnectionException(call.taskId(), "not connected", null));
        });
        for (String id : List.of("1", "2", "3")) {
            failing.enqueue(task(id));
        }
        assertThat(failed).containsExactly("1", "2", "3");
        assertThat(failing.inFlight()).isZero();
        assertThat(failing.waiting()).isZero();
    }

    @Test
    void awaitIdleReturnsOnceNothingWaitsOrIsInFlight() throws InterruptedException {
        Call only = task("1");
        dispatcher.enqueue(only);
        assertThat(dispatcher.awaitIdle(Duration.ZERO)).isFalse();
        only.result.complete(RawJson.NULL);
        assertThat(dispatcher.awaitIdle(Duration.ZERO)).isTrue();
    }

    @Test
    void theWindowHasAtLeastOnePlace() {
        assertThatThrownBy(() -> new Dispatcher(0, call -> { })).isInstanceOf(IllegalArgumentException.class);
    }
}
