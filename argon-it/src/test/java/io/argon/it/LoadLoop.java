package io.argon.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Continuous load for a test: tasks sent with a bound on those in flight, from a thread of its
 * own, until stopped, or until its count or time runs out (so that it always ends). Records
 * when each task was sent and answered, and its answer.
 */
final class LoadLoop {
    /** One task: its number, when it was sent and answered (System.nanoTime), and its result or error. */
    record Outcome(int index, long sentNanos, long answeredNanos, JsonNode result, Throwable error) {
        boolean failed() {
            return error != null;
        }
    }

    private final IntFunction<CompletableFuture<JsonNode>> send;
    private final Semaphore room;
    private final int inFlight;
    private final int maxTasks;
    private final long deadlineNanos;
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();
    private final Thread thread;
    private volatile boolean stopping;

    /** @param send sends task number {@code i}; its future's answer is recorded */
    LoadLoop(IntFunction<CompletableFuture<JsonNode>> send, int inFlight, int maxTasks, Duration maxTime) {
        this.send = send;
        this.inFlight = inFlight;
        this.room = new Semaphore(inFlight);
        this.maxTasks = maxTasks;
        this.deadlineNanos = System.nanoTime() + maxTime.toNanos();
        this.thread = new Thread(this::run, "load-loop");
        this.thread.setDaemon(true);
    }

    LoadLoop start() {
        thread.start();
        return this;
    }

    private void run() {
        for (int i = 0; i < maxTasks && !stopping && System.nanoTime() < deadlineNanos; i++) {
            try {
                if (!room.tryAcquire(1, TimeUnit.SECONDS)) {
                    i--;
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            }
            int index = i;
            long sentAt = System.nanoTime();
            sent.incrementAndGet();
            CompletableFuture<JsonNode> answer;
            try {
                answer = send.apply(index);
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answer.whenComplete((result, error) -> {
                outcomes.add(new Outcome(index, sentAt, System.nanoTime(), result, error));
                answered.incrementAndGet();
                room.release();
            });
        }
    }

    int answered() {
        return answered.get();
    }

    /** Waits (bounded) until {@code count} tasks have been answered. */
    void awaitAnswered(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (answered.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(answered.get()).as("tasks answered").isGreaterThanOrEqualTo(count);
    }

    /** Sends no more, and waits (bounded) until every task sent has its answer; returns them all, in the order sent. */
    List<Outcome> stop(Duration timeout) throws InterruptedException {
        stopping = true;
        thread.join(timeout.toMillis());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (answered.get() < sent.get() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(answered.get()).as("every task sent answered once").isEqualTo(sent.get());
        List<Outcome> all = new ArrayList<>(outcomes);
        all.sort(Comparator.comparingInt(Outcome::index));
        return all;
    }

    int inFlight() {
        return inFlight;
    }
}
