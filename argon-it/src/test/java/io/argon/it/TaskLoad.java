package io.argon.it;

import static io.argon.it.Timeouts.ANSWERS;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.core.Futures;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * Load for a test, bounded in count and in time so that it always ends: up to {@code maxTasks}
 * tasks, task {@code i} for i = 0, 1, ..., at most {@code inFlight} of them unanswered at a
 * time, sent from a thread of its own until all are sent, {@link #stop} is called, or
 * {@code maxTime} has passed. For every task it records when it was sent and first answered,
 * its outcome (result, or the exception it failed with), how many answers it got, and the order
 * in which the answers came.
 *
 * <p>Tasks go out through a client ({@link #start}, {@link #run}), or as frames written by hand
 * on a {@link RawConnection} ({@link #startRaw}): there every frame the daemon sends is seen, so
 * a second answer to one task is counted where a client library would drop it.
 */
final class TaskLoad {
    /** One answered task: its number, when it was sent and first answered (System.nanoTime), and its result or error. */
    record Outcome(int index, long sentNanos, long answeredNanos, JsonNode result, Throwable error) {
        boolean failed() {
            return error != null;
        }
    }

    /** The answer to a task sent as a raw frame when it is not a result (an error, a rejection): the frame itself. */
    static final class AnswerFrame extends Exception {
        private final transient JsonNode frame;

        AnswerFrame(JsonNode frame) {
            super(frame.toString(), null, false, false);
            this.frame = frame;
        }

        JsonNode frame() {
            return frame;
        }
    }

    /** Sends task {@code index}; an exception ends the load (see {@link #failure}). */
    private interface Sender {
        void send(int index) throws Exception;
    }

    private final int maxTasks;
    private final Duration maxTime;
    private final long deadlineNanos;
    private final Semaphore room;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}: when each task was sent, its first answer, how many answers it got, the order they came in. */
    private final long[] sentNanos;
    private final Outcome[] outcomes;
    private final int[] answerCounts;
    private final List<Integer> completionOrder = new ArrayList<>();
    private int sent;
    private int answered;
    private int extraAnswers;
    private volatile boolean stopping;
    /** Why the load cannot go on (a raw connection that broke), if it cannot. */
    private volatile Throwable failure;
    private Thread senderThread;
    private RawConnection raw;
    private Thread rawReader;

    private TaskLoad(int maxTasks, int inFlight, Duration maxTime) {
        this.maxTasks = maxTasks;
        this.maxTime = maxTime;
        this.deadlineNanos = System.nanoTime() + maxTime.toNanos();
        this.room = new Semaphore(inFlight);
        this.sentNanos = new long[maxTasks];
        this.outcomes = new Outcome[maxTasks];
        this.answerCounts = new int[maxTasks];
    }

    /**
     * Starts sending {@code submit.apply(i)} for i below {@code maxTasks} in the background, for
     * at most {@code maxTime}; each future's outcome is the task's.
     */
    static TaskLoad start(int maxTasks, int inFlight, Duration maxTime, IntFunction<CompletableFuture<JsonNode>> submit) {
        TaskLoad load = new TaskLoad(maxTasks, inFlight, maxTime);
        load.startSending(index -> {
            CompletableFuture<JsonNode> answer;
            try {
                answer = submit.apply(index);
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answer.whenComplete((result, error) -> load.record(index, result, error == null ? null : Futures.unwrap(error)));
        });
        return load;
    }

    /** Sends all {@code count} tasks (within {@link Timeouts#ANSWERS}) and waits until every one is answered. */
    static TaskLoad run(int count, int inFlight, IntFunction<CompletableFuture<JsonNode>> submit) {
        TaskLoad load = start(count, inFlight, ANSWERS, submit);
        load.awaitAllAnswered(ANSWERS);
        return load;
    }

    /**
     * Starts sending {@code frame.apply(i)} on {@code raw} for i below {@code count} in the
     * background, for at most {@code maxTime}. The frame must carry the id {@code "t" + i}: an
     * answer under that id is task i's, its {@code result} field if it is a result, an
     * {@link AnswerFrame} error otherwise. Nothing else may read from {@code raw} meanwhile.
     */
    static TaskLoad startRaw(RawConnection raw, int count, int inFlight, Duration maxTime, IntFunction<String> frame) {
        TaskLoad load = new TaskLoad(count, inFlight, maxTime);
        load.raw = raw;
        load.rawReader = new Thread(load::readRawAnswers, "task-load-raw-reader");
        load.rawReader.setDaemon(true);
        load.rawReader.start();
        load.startSending(index -> raw.sendFrame(frame.apply(index)));
        return load;
    }

    private void startSending(Sender sender) {
        senderThread = new Thread(() -> send(sender), "task-load");
        senderThread.setDaemon(true);
        senderThread.start();
    }

    private void send(Sender sender) {
        for (int i = 0; i < maxTasks && awaitRoom(); i++) {
            synchronized (lock) {
                sentNanos[i] = System.nanoTime();
                sent++;
            }
            try {
                sender.send(i);
            } catch (Exception e) {
                failure = new AssertionError("sending task " + i + " failed", e);
                return;
            }
        }
    }

    /** Waits for room for one more task in flight; false once stopped or out of time. */
    private boolean awaitRoom() {
        try {
            while (!stopping) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                if (room.tryAcquire(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS)) {
                    return true;
                }
            }
            return false;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /**
     * Reads answers off the raw connection until every task has one, or the load is stopped
     * and every task sent has one, or the answers are a whole {@code maxTime} late.
     */
    private void readRawAnswers() {
        long readDeadline = deadlineNanos + maxTime.toNanos();
        try {
            while (!rawReadingDone() && System.nanoTime() < readDeadline) {
                try {
                    recordRaw(raw.readFrame());
                } catch (SocketTimeoutException quiet) {
                    // nothing for a while: look at the bounds again
                }
            }
        } catch (Exception e) {
            if (!rawReadingDone()) {
                failure = new AssertionError("reading answers failed after " + answered() + " of " + maxTasks, e);
            }
        }
    }

    private boolean rawReadingDone() {
        synchronized (lock) {
            return answered == maxTasks || (stopping && answered == sent);
        }
    }

    /** Records a frame read off the raw connection if it answers one of the tasks. */
    private void recordRaw(JsonNode reply) {
        String id = reply.path("id").asText("");
        if (!id.matches("t\\d{1,9}") || Integer.parseInt(id.substring(1)) >= maxTasks) {
            return;
        }
        int index = Integer.parseInt(id.substring(1));
        if ("result".equals(reply.path("type").asText())) {
            record(index, reply.path("result"), null);
        } else {
            record(index, null, new AnswerFrame(reply));
        }
    }

    private void record(int index, JsonNode result, Throwable error) {
        synchronized (lock) {
            if (answerCounts[index]++ > 0) {
                extraAnswers++;
                return;
            }
            outcomes[index] = new Outcome(index, sentNanos[index], System.nanoTime(), result, error);
            completionOrder.add(index);
            answered++;
        }
        room.release();
    }

    // ---- waiting ----

    /** Waits until at least {@code count} tasks have been answered. */
    void awaitAnswered(int count, Duration timeout) {
        awaitUntil(count + " tasks answered", () -> answered() >= count, timeout);
    }

    /**
     * Waits until every task has been answered. Over a raw connection it then sends a ping and
     * reads up to the pong, which the daemon sends at once, so that any second answer already
     * on its way is counted too.
     */
    void awaitAllAnswered(Duration timeout) {
        awaitUntil("all " + maxTasks + " tasks answered", () -> answered() == maxTasks, timeout);
        if (raw != null) {
            readUpToPong();
        }
    }

    private void readUpToPong() {
        try {
            rawReader.join(TimeUnit.SECONDS.toMillis(10));
            if (rawReader.isAlive()) {
                throw new AssertionError("the raw reader still reads after every task was answered");
            }
            raw.sendFrame("{\"type\":\"ping\",\"id\":\"barrier\"}");
            for (int i = 0; i < 10_000; i++) {
                JsonNode reply = raw.readFrame();
                if ("pong".equals(reply.path("type").asText()) && "barrier".equals(reply.path("id").asText())) {
                    return;
                }
                recordRaw(reply);
            }
        } catch (Exception e) {
            throw new AssertionError("the barrier ping after the last answer failed", e);
        }
        throw new AssertionError("no pong for the barrier ping among 10,000 frames");
    }

    /** Sends no more, and waits until every task sent has its answer; returns them all, by task number. */
    List<Outcome> stop(Duration timeout) throws InterruptedException {
        stopping = true;
        senderThread.join(timeout.toMillis());
        awaitUntil("every task sent answered", () -> {
            synchronized (lock) {
                return answered == sent;
            }
        }, timeout);
        return outcomes();
    }

    private void awaitUntil(String what, BooleanSupplier condition, Duration timeout) {
        try {
            await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .failFast("the load failed", () -> failure != null)
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not " + what + " within " + timeout + ": " + answered() + " answered of " + sent()
                    + " sent (at most " + maxTasks + ")");
        } catch (TerminalFailureException e) {
            throw new AssertionError("the load failed before " + what + ": " + answered() + " answered of " + sent()
                    + " sent", failure);
        }
    }

    // ---- what happened ----

    int answered() {
        synchronized (lock) {
            return answered;
        }
    }

    int sent() {
        synchronized (lock) {
            return sent;
        }
    }

    /** How many answers came beyond each task's first: 0 unless some task was answered twice. */
    int extraAnswers() {
        synchronized (lock) {
            return extraAnswers;
        }
    }

    /** How many answers task {@code index} got. */
    int answersTo(int index) {
        synchronized (lock) {
            return answerCounts[index];
        }
    }

    /** Task {@code index}'s first answer, or null if it has none. */
    Outcome outcome(int index) {
        synchronized (lock) {
            return outcomes[index];
        }
    }

    /** The tasks answered so far, by task number. */
    List<Outcome> outcomes() {
        List<Outcome> all = new ArrayList<>();
        synchronized (lock) {
            for (Outcome outcome : outcomes) {
                if (outcome != null) {
                    all.add(outcome);
                }
            }
        }
        return all;
    }

    /** The exceptions the failed tasks failed with, by task number. */
    List<Throwable> errors() {
        return outcomes().stream().filter(Outcome::failed).map(Outcome::error).toList();
    }

    /** The results of the tasks that succeeded, by task number. */
    Map<Integer, JsonNode> results() {
        Map<Integer, JsonNode> results = new TreeMap<>();
        for (Outcome outcome : outcomes()) {
            if (!outcome.failed() && outcome.result() != null) {
                results.put(outcome.index(), outcome.result());
            }
        }
        return results;
    }

    /** Task numbers in the order their first answers came. */
    List<Integer> completionOrder() {
        synchronized (lock) {
            return List.copyOf(completionOrder);
        }
    }
}
