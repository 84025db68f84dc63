package io.argon.metrics;

import io.argon.core.daemon.TaskStats;
import io.argon.task.Priority;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * The meters every daemon has: over its {@link TaskStats}, {@code argon_tasks_total} by outcome
 * and histograms of how long started tasks waited ({@code argon_task_queue_wait_seconds}) and
 * ran ({@code argon_task_duration_seconds}); over its queue, its depth and limit.
 */
public final class TaskMeters {
    /**
     * Histogram buckets from half a millisecond to a minute: a fixed, short set (17 buckets),
     * so that a scrape stays small and recording a time stays cheap.
     */
    static final Duration[] BUCKETS = {
        Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(5)};

    private TaskMeters() {
    }

    /**
     * {@code argon_queue_depth} by priority and {@code argon_queue_limit}, over a daemon's queue.
     *
     * @param queued     how many tasks of a priority wait now; read on the scrape's thread, the daemon's loop
     * @param waitingFor what queued tasks wait for, in the meter's description
     */
    public static void bindQueue(MeterRegistry registry, ToIntFunction<Priority> queued, int limit, String waitingFor) {
        for (Priority priority : Priority.values()) {
            Gauge.builder("argon.queue.depth", () -> queued.applyAsInt(priority))
                    .description("Tasks waiting for " + waitingFor + ", by priority")
                    .tag("priority", priority.wireName())
                    .register(registry);
        }
        Gauge.builder("argon.queue.limit", () -> limit)
                .description("Tasks that may wait before new ones are rejected")
                .register(registry);
    }

    /** Binds the counts and sends the times of started tasks to two histograms. */
    public static void bind(MeterRegistry registry, TaskStats stats) {
        for (String outcome : TaskStats.OUTCOMES) {
            FunctionCounter.builder("argon.tasks", stats, counted -> counted.count(outcome))
                    .description("Tasks answered (or dropped, their client gone) by outcome: result, rejected, dropped, or an error kind")
                    .tag("outcome", outcome)
                    .register(registry);
        }
        Timer waited = Timer.builder("argon.task.queue.wait")
                .description("How long started tasks waited before they started (on a worker, or sent to a node)")
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        Timer ran = Timer.builder("argon.task.duration")
                .description("How long started tasks took from their start to their answer")
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        stats.timings((waitedNanos, ranNanos) -> {
            waited.record(waitedNanos, TimeUnit.NANOSECONDS);
            ran.record(ranNanos, TimeUnit.NANOSECONDS);
        });
    }
}
