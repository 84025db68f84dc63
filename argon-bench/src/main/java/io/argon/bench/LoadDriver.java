package io.argon.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.bench.Workload.PlannedTask;
import io.argon.client.RejectedException;
import io.argon.core.Futures;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Keeps up to {@code concurrency} tasks in flight until {@code tasks} have been answered.
 *
 * <p>The load runs in "lanes": each lane has exactly one task in flight and sends the next as
 * soon as that one is answered, from the completion callback (on the client's I/O thread, so
 * no thread hand-off between an answer and the next send). The number of lanes is the
 * concurrency, so the bound holds by construction.
 *
 * <p>Rejected tasks (every queue full) are retried by the client, as for any caller: with its
 * own backoff, up to its {@code maxRetries} (the bench's {@code --retries}). The driver sends
 * each task once, and a task's latency runs from that send to its final answer, rejections and
 * retries included. A task the client gave up on ends with a {@link RejectedException}, which
 * is an error like any other. The rejections retried during a run are read from the client's
 * own count ({@code ArgonClient::rejections}): its growth over the run, less the rejections
 * that ended a task rather than being retried.
 */
final class LoadDriver {
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
    private final LongSupplier rejections;
    private final Workload workload;
    private final int concurrency;

    /**
     * @param rejections the submitter's count of rejections so far, over its life (retried or
     *                   not); {@code ArgonClient::rejections} fits
     */
    LoadDriver(Submitter submitter, LongSupplier rejections, Workload workload, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
        }
        this.submitter = submitter;
        this.rejections = rejections;
        this.workload = workload;
        this.concurrency = concurrency;
    }

    /**
     * Runs {@code tasks} tasks, numbered from 0, and returns what they measured. Returns when
     * every task is answered, or after {@code timeoutNanos}: then the tasks still unanswered
     * count as errors and no more are sent.
     */
    BenchStats run(int tasks, long timeoutNanos, Ticker ticker) throws InterruptedException {
        BenchStats stats = new BenchStats(tasks);
        Run run = new Run(tasks, stats);
        long rejectionsBefore = rejections.getAsLong();
        long start = System.nanoTime();
        long deadline = start + timeoutNanos;
        stats.start(start);
        for (int lane = 0; lane < Math.min(concurrency, tasks); lane++) {
            run.sendNext();
        }
        while (!stats.awaitAll(Math.max(1, Math.min(TICK_NANOS, deadline - System.nanoTime())))) {
            ticker.tick(stats);
            if (System.nanoTime() - deadline >= 0) {
                run.stopped = true;
                stats.abandon("no answer within " + BenchFormat.decimal(timeoutNanos / 1e9, 3) + " s (--timeout)", System.nanoTime());
                break;
            }
        }
        // The tasks given up on are read first: the client counts a rejection before it fails
        // the task with it, so every one of them is already in the count read next.
        long notRetried = run.gaveUp.get();
        stats.recordRetriedRejections(rejections.getAsLong() - rejectionsBefore - notRetried);
        return stats;
    }

    /** One call of {@link #run}: hands out task numbers to the lanes. */
    private final class Run {
        private final int total;
        private final BenchStats stats;
        private final AtomicInteger next = new AtomicInteger();
        /** Tasks that ended with a RejectedException, counted even after the run was abandoned. */
        final AtomicLong gaveUp = new AtomicLong();
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
                if (!send(workload.plan(index, ThreadLocalRandom.current()))) {
                    return;
                }
            }
        }

        /** Sends {@code task}; true when it was answered at once, so the lane is free again. */
        private boolean send(PlannedTask task) {
            long sentNanos = System.nanoTime();
            CompletableFuture<JsonNode> answer;
            try {
                answer = submitter.submit(workload.className(), task.params());
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            if (answer.isDone()) {
                settle(task, sentNanos, answer.handle(Outcome::new).join());
                return true;
            }
            answer.whenComplete((result, error) -> {
                settle(task, sentNanos, new Outcome(result, error));
                sendNext();
            });
            return false;
        }

        private void settle(PlannedTask task, long sentNanos, Outcome outcome) {
            long now = System.nanoTime();
            Throwable error = outcome.error == null ? null : Futures.unwrap(outcome.error);
            if (error instanceof RejectedException rejected) {
                gaveUp.incrementAndGet();
                // The client gives up on the rejection after its last retry: attempts - 1 = --retries.
                stats.recordError("rejected: every queue was full " + rejected.attempts()
                        + " time(s) in a row; the client gave up (--retries " + (rejected.attempts() - 1) + ")", now);
            } else if (error != null) {
                stats.recordError(describe(error), now);
            } else {
                String wrong = task.wrongResult(outcome.result);
                if (wrong != null) {
                    stats.recordError(wrong, now);
                } else {
                    stats.recordSuccess(now - sentNanos, task.delaySeconds(), now);
                }
            }
        }
    }

    private static String describe(Throwable error) {
        String message = error.getMessage() != null ? error.getMessage() : error.getClass().getName();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private record Outcome(JsonNode result, Throwable error) {
    }
}
