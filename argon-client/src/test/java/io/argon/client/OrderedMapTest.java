package io.argon.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The in-order, bounded map, with tasks the test completes by hand: no connection. Where the
 * map must block, it runs on a thread of the test's, and the test waits until that thread is
 * parked before it looks, so nothing depends on timing.
 */
class OrderedMapTest {
    /** The tasks sent so far, in order. */
    private final List<CompletableFuture<JsonNode>> sent = new CopyOnWriteArrayList<>();
    /** How many params the map has taken from its source. */
    private final AtomicInteger taken = new AtomicInteger();

    private Iterator<Object> params(int count) {
        Iterator<Integer> source = IntStream.range(0, count).iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public Object next() {
                taken.incrementAndGet();
                return source.next();
            }
        };
    }

    /** A map over {@code count} params whose tasks are made by {@code task} (given the param) and recorded. */
    private OrderedMap<JsonNode> map(int count, int maxInFlight, IntFunction<CompletableFuture<JsonNode>> task) {
        return new OrderedMap<>(params(count), maxInFlight, param -> {
            CompletableFuture<JsonNode> made = task.apply((int) param);
            sent.add(made);
            return made;
        });
    }

    /** Asks for the next outcome on another thread, and returns once that thread waits for a task. */
    private static Asker askBlocked(OrderedMap<JsonNode> map) throws InterruptedException {
        Asker asker = new Asker(map);
        asker.start();
        while (asker.getState() != Thread.State.WAITING) {
            assertThat(asker.isAlive()).as("the map returned without waiting").isTrue();
            Thread.onSpinWait();
        }
        return asker;
    }

    private static final class Asker extends Thread {
        final OrderedMap<JsonNode> map;
        final AtomicReference<MapResult<JsonNode>> outcome = new AtomicReference<>();

        Asker(OrderedMap<JsonNode> map) {
            this.map = map;
            setDaemon(true);
        }

        @Override
        public void run() {
            outcome.set(map.next());
        }

        MapResult<JsonNode> outcome() throws InterruptedException {
            join(10_000);
            return outcome.get();
        }
    }

    @Test
    void outcomesComeInTheOrderOfTheParams() {
        OrderedMap<JsonNode> map = map(3, 3, param -> CompletableFuture.completedFuture(IntNode.valueOf(10 * param)));
        List<MapResult<JsonNode>> outcomes = new ArrayList<>();
        map.forEachRemaining(outcomes::add);
        assertThat(outcomes).extracting(outcome -> outcome.index()).containsExactly(0L, 1L, 2L);
        assertThat(outcomes).extracting(outcome -> outcome.get().asInt()).containsExactly(0, 10, 20);
        assertThat(map.hasNext()).isFalse();
    }

    @Test
    void tasksThatFinishOutOfOrderAreStillHandedOutInOrder() throws Exception {
        OrderedMap<JsonNode> map = map(3, 3, param -> new CompletableFuture<>());
        Asker asker = askBlocked(map);
        assertThat(sent).hasSize(3);
        sent.get(2).complete(IntNode.valueOf(2));
        sent.get(1).complete(IntNode.valueOf(1));
        sent.get(0).complete(IntNode.valueOf(0));
        assertThat(asker.outcome().get().asInt()).isZero();
        assertThat(map.next().get().asInt()).isEqualTo(1);
        assertThat(map.next().get().asInt()).isEqualTo(2);
    }

    @Test
    void noMoreThanMaxInFlightAreSentAndParamsAreReadOnlyAsRoomFreesUp() throws Exception {
        OrderedMap<JsonNode> map = map(100, 4, param -> new CompletableFuture<>());
        Asker asker = askBlocked(map);
        assertThat(sent).hasSize(4);
        assertThat(taken).as("nothing read ahead of the room").hasValue(4);

        sent.get(0).complete(IntNode.valueOf(0));
        assertThat(asker.outcome().get().asInt()).isZero();
        assertThat(taken).as("the answer made room for one more, sent before the outcome was handed out").hasValue(5);

        Asker second = askBlocked(map);
        assertThat(sent).as("still 4 in flight").hasSize(5);
        sent.get(1).complete(IntNode.valueOf(1));
        assertThat(second.outcome().index()).isEqualTo(1);
    }

    @Test
    void resultsAheadOfASlowTaskAreHeldUpToTwiceTheBound() throws Exception {
        // Task 0 is slow; every later one is done as soon as it is sent.
        CompletableFuture<JsonNode> slow = new CompletableFuture<>();
        OrderedMap<JsonNode> map = map(100, 2, param -> param == 0 ? slow : CompletableFuture.completedFuture(IntNode.valueOf(param)));
        Asker asker = askBlocked(map);
        assertThat(sent).as("the slow task and 3 finished ones held behind it: 2 x maxInFlight").hasSize(4);

        slow.complete(IntNode.valueOf(0));
        assertThat(asker.outcome().index()).isZero();
        assertThat(map.next().get().asInt()).isEqualTo(1);
    }

    @Test
    void aFailedTaskIsAnOutcomeWithItsErrorAndTheMapGoesOn() {
        OrderedMap<JsonNode> map = map(3, 2, param -> param == 1
                ? CompletableFuture.failedFuture(new TaskFailedException(Failure.of("1", ErrorKind.TASK_FAILED, "boom"), "1", "task 1 (io.argon.examples.Fail)"))
                : CompletableFuture.completedFuture(IntNode.valueOf(param)));
        List<MapResult<JsonNode>> outcomes = new ArrayList<>();
        map.forEachRemaining(outcomes::add);
        assertThat(outcomes).hasSize(3);
        assertThat(outcomes.get(1).failed()).isTrue();
        assertThat(outcomes.get(1).error()).isInstanceOf(TaskFailedException.class).hasMessageContaining("boom");
        assertThatThrownBy(() -> outcomes.get(1).get()).isInstanceOf(TaskFailedException.class);
        assertThat(outcomes.get(2).get().asInt()).isEqualTo(2);
    }

    @Test
    void paramsThatCannotBeSentFailTheirOwnTaskOnly() {
        OrderedMap<JsonNode> map = map(2, 2, param -> {
            if (param == 0) {
                throw new IllegalArgumentException("task params must be a JSON object, got 0");
            }
            return CompletableFuture.completedFuture(IntNode.valueOf(1));
        });
        assertThat(map.next().error()).isInstanceOf(ArgonException.class).hasMessageContaining("must be a JSON object");
        assertThat(map.next().get().asInt()).isEqualTo(1);
        assertThat(map.hasNext()).isFalse();
    }

    @Test
    void maxInFlightMustBePositive() {
        assertThatThrownBy(() -> map(1, 0, param -> new CompletableFuture<>()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }

    @Test
    void cancellingCancelsWhatIsInFlightWakesTheReaderAndTakesNoMoreParams() throws InterruptedException {
        OrderedMap<JsonNode> map = map(100, 3, param -> new CompletableFuture<>());
        Asker asker = askBlocked(map);
        assertThat(sent).hasSize(3);
        map.cancel();
        MapResult<JsonNode> first = asker.outcome();
        assertThat(first.failed()).isTrue();
        assertThat(first.error().kind()).isEqualTo(FailureKind.CANCELLED);
        assertThat(first.error()).hasMessageContaining("cancelled").hasCauseInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(sent).allSatisfy(task -> assertThat(task).isCancelled());
        List<MapResult<JsonNode>> rest = new ArrayList<>();
        map.forEachRemaining(rest::add);
        assertThat(rest).hasSize(2).allSatisfy(outcome -> assertThat(outcome.failed()).isTrue());
        assertThat(taken.get()).as("no param taken after the cancel").isEqualTo(3);
        assertThat(map.hasNext()).isFalse();
    }
}
