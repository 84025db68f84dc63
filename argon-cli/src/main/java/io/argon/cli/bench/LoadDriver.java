package io.argon.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.client.RejectedException;
import io.argon.cli.bench.Workload.PlannedTask;
import io.argon.core.Backoff;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Keeps up to {@code concurrency} tasks in flight until {@code tasks} have been answered.
 *
 * <p>The load runs in "lanes": each lane has exactly one task in flight and sends the next as
 * soon as that one is answered, from the completion callback (on the client's I/O thread, so
 * no thread hand-off between an answer and the next send). The number of lanes is the
 * concurrency, so the bound holds by construction.
 *
 * <p>Rejections are retried here rather than inside the client (which is given
 * {@code maxRetries 0}) so the bench can count them: the client keeps no count it could
 * report. The wait before each retry follows the client's own {@link Backoff}, and a task's
 * latency runs from its first send to its final answer, so a task that was rejected on the
 * way looks to the bench as it would to any caller.
 */
final class LoadDriver implements AutoCloseable {
    /** Sends one task; the future completes with its result. {@code ArgonClient::submit} fits. */
    @FunctionalInterface
    interface Submitter {
        CompletableFuture<JsonNode> submit(String className, ObjectNode params);
    }

    /** Told about progress while a run goes on, from the thread that called {@link #run}. */
    @FunctionalInterface
    interface Ticker {
        void tick(BenchStats stats);
    }

    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Submitter submitter;
    private final Workload workload;
    private final int concurrency;
    private final int maxRetries;
    private final Backoff backoff;
    private final LongSupplier clock;
    private final ScheduledExecutorService retryTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bench-retry");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param maxRetries times a rejected task is sent again before it counts as an error; -1 = no limit
     */
    LoadDriver(Submitter submitter, Workload workload, int concurrency, int maxRetries, Backoff backoff) {
        this(submitter, workload, concurrency, maxRetries, backoff, System::nanoTime);
    }

    LoadDriver(Submitter submitter, Workload workload, int concurrency, int maxRetries, Backoff backoff, LongSupplier clock) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
        }
        if (maxRetries < -1) {
            throw new IllegalArgumentException("retries must be >= -1, got " + maxRetries);
        }
        this.submitter = submitter;
        this.workload = workload;
        this.concurrency = concurrency;
        this.maxRetries = maxRetries;
        this.backoff = backoff;
        this.clock = clock;
    }

    /**
     * Runs {@code tasks} tasks, numbered from 0, and returns what they measured. Returns when
     * every task is answered, or after {@code timeoutNanos}: then the tasks still unanswered
     * count as errors and no more are sent.
     */
    BenchStats run(int tasks, long timeoutNanos, Ticker ticker) throws InterruptedException {
        BenchStats stats = new BenchStats(tasks);
        Run run = new Run(tasks, stats);
        long start = clock.getAsLong();
        long deadline = start + timeoutNanos;
        stats.start(start);
        for (int lane = 0; lane < Math.min(concurrency, tasks); lane++) {
            run.sendNext();
        }
        while (!stats.awaitAll(Math.max(1, Math.min(TICK_NANOS, deadline - clock.getAsLong())))) {
            ticker.tick(stats);
            if (clock.getAsLong() - deadline >= 0) {
                run.stopped = true;
                stats.abandon("no answer within " + BenchFormat.decimal(timeoutNanos / 1e9, 3) + " s (--timeout)", clock.getAsLong());
                break;
            }
        }
        return stats;
    }

    @Override
    public void close() {
        retryTimer.shutdownNow();
    }

    /** One call of {@link #run}: hands out task numbers to the lanes. */
    private final class Run {
        private final int total;
        private final BenchStats stats;
        private final AtomicInteger next = new AtomicInteger();
        volatile boolean stopped;

        Run(int total, BenchStats stats) {
            this.total = total;
            this.stats = stats;
        }

        /** Sends the next task on this lane, and more while tasks are answered at once. */
        void sendNext() {
            // A loop, not recursion: when answers come at once (say the connection is gone and
            // every submit fails on the spot), sending from each callback would nest one stack
            // frame per task.
            while (!stopped) {
                int index = next.getAndIncrement();
                if (index >= total) {
                    return;
                }
                Attempt attempt = new Attempt(workload.plan(index, ThreadLocalRandom.current()), clock.getAsLong());
                if (!send(attempt)) {
                    return;
                }
            }
        }

        /** Sends {@code attempt}; true when it was settled at once, so the lane is free again. */
        private boolean send(Attempt attempt) {
            CompletableFuture<JsonNode> answer;
            try {
                answer = submitter.submit(workload.className(), attempt.task.params());
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            if (answer.isDone()) {
                return settle(attempt, answer.handle(Outcome::new).join());
            }
            answer.whenComplete((result, error) -> {
                if (settle(attempt, new Outcome(result, error))) {
                    sendNext();
                }
            });
            return false;
        }

        /** Records the answer; true when the lane is free, false when a retry is pending. */
        private boolean settle(Attempt attempt, Outcome outcome) {
            long now = clock.getAsLong();
            Throwable error = outcome.error instanceof CompletionException wrapped && wrapped.getCause() != null
                    ? wrapped.getCause() : outcome.error;
            if (error instanceof RejectedException) {
                if (!stopped && (maxRetries < 0 || attempt.rejections < maxRetries)) {
                    stats.recordRejection();
                    long delay = backoff.delayNanos(attempt.rejections++);
                    try {
                        retryTimer.schedule(() -> {
                            if (!stopped && send(attempt)) {
                                sendNext();
                            }
                        }, delay, TimeUnit.NANOSECONDS);
                        return false;
                    } catch (RejectedExecutionException closed) {
                        stats.recordError("rejected, and the bench stopped before the retry", now);
                        return true;
                    }
                }
                stats.recordError("rejected: every queue was full " + (attempt.rejections + 1)
                        + " time(s) in a row (--retries " + maxRetries + ")", now);
                return true;
            }
            if (error != null) {
                stats.recordError(describe(error), now);
                return true;
            }
            String wrong = attempt.task.wrongResult(outcome.result);
            if (wrong != null) {
                stats.recordError(wrong, now);
            } else {
                stats.recordSuccess(now - attempt.firstSentNanos, attempt.task.delaySeconds(), now);
            }
            return true;
        }
    }

    private static String describe(Throwable error) {
        String message = error.getMessage() != null ? error.getMessage() : error.getClass().getName();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** One task from its first send to its final answer, across any rejections. */
    private static final class Attempt {
        final PlannedTask task;
        final long firstSentNanos;
        int rejections;

        Attempt(PlannedTask task, long firstSentNanos) {
            this.task = task;
            this.firstSentNanos = firstSentNanos;
        }
    }

    private record Outcome(JsonNode result, Throwable error) {
    }
}
