package io.argon.metrics;

import io.argon.core.daemon.TaskStats;
import io.argon.protocol.ErrorKind;
import io.argon.task.Priority;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * The meters every daemon has. Over its {@link TaskStats}: {@code argon_tasks_total} by task
 * class and outcome, {@code argon_rejections_total} (tries turned away, not tasks), and
 * histograms of how long started tasks waited ({@code argon_task_queue_wait_seconds}) and ran
 * ({@code argon_task_duration_seconds}, by task class). Over its queue: its depth and limit.
 *
 * <p>The {@code class} label is bounded: a class gets a value of its own with its first task
 * that ends with a result or an error of running it ({@link #CLAIMING}), for the first
 * {@link #CLASS_LABELS} such classes. Tasks of every other class count under
 * {@code class="other"}, and so do, until their class has a value of its own, tasks of names no
 * worker could load ({@code class_not_found}, {@code not_a_task}, {@code bad_request}) and tasks
 * turned away before anything ran them ({@code no_workers}, {@code no_nodes},
 * {@code shutting_down}, {@code dropped}): a name a client mistyped, or made up, takes no label
 * value from a class that runs. Rows appear when their first task is counted.
 */
public final class TaskMeters implements TaskStats.Recorder {
    /** How many task classes get a {@code class} label value of their own. */
    public static final int CLASS_LABELS = 100;
    /**
     * Histogram buckets from half a millisecond to a minute: a fixed, short set (17 buckets),
     * so that a scrape stays small and recording a time stays cheap.
     */
    static final Duration[] BUCKETS = {
        Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(5)};
    /** The errors of running a task: with these, as with a result, a class gets a {@code class} label value of its own. */
    static final Set<ErrorKind> CLAIMING = Collections.unmodifiableSet(EnumSet.of(ErrorKind.TASK_FAILED, ErrorKind.BAD_PARAMS,
            ErrorKind.BAD_RESULT, ErrorKind.WORKER_DIED, ErrorKind.NODE_LOST, ErrorKind.TIMEOUT, ErrorKind.CANCELLED));
    /** {@link #CLAIMING} and the result, by outcome index, for the task path. */
    private static final boolean[] CLAIMS = new boolean[TaskStats.OUTCOMES.size()];

    static {
        CLAIMS[TaskStats.OUTCOMES.indexOf(TaskStats.RESULT)] = true;
        CLAIMING.forEach(kind -> CLAIMS[TaskStats.outcomeOf(kind)] = true);
    }

    private final MeterRegistry registry;
    private final Timer waited;
    private final TaskClassLabels<ClassMeters> classes;

    /** The meters of one {@code class} label value: a counter per outcome (made at its first), and the duration histogram. */
    private final class ClassMeters {
        final String label;
        final Counter[] outcomes = new Counter[TaskStats.OUTCOMES.size()];
        final Timer ran;

        ClassMeters(String label) {
            this.label = label;
            this.ran = Timer.builder("argon.task.duration")
                    .description("How long started tasks took from their start to their answer, by task class")
                    .tag("class", label)
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry);
        }

        void ended(int outcome) {
            Counter counter = outcomes[outcome];
            if (counter == null) {
                counter = Counter.builder("argon.tasks")
                        .description("Tasks answered (or dropped, their client gone) by task class and outcome: "
                                + "result, dropped, or an error kind")
                        .tags("class", label, "outcome", TaskStats.OUTCOMES.get(outcome))
                        .register(registry);
                outcomes[outcome] = counter;
            }
            counter.increment();
        }
    }

    private TaskMeters(MeterRegistry registry, int classLabels) {
        this.registry = registry;
        this.waited = Timer.builder("argon.task.queue.wait")
                .description("How long started tasks waited before they started (on a worker, or sent to a node)")
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        this.classes = new TaskClassLabels<>(classLabels, ClassMeters::new);
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

    /** Counts the ends and times of the tasks {@code stats} counts from now on, and its rejections. */
    public static void bind(MeterRegistry registry, TaskStats stats) {
        FunctionCounter.builder("argon.rejections", stats, TaskStats::rejections)
                .description("Submits answered rejected because the queue was full: tries, not tasks (a client sends the task again)")
                .register(registry);
        stats.recorder(new TaskMeters(registry, CLASS_LABELS));
    }

    @Override
    public void ended(String taskClass, int outcome) {
        (CLAIMS[outcome] ? classes.claim(taskClass) : classes.of(taskClass)).ended(outcome);
    }

    @Override
    public void ran(String taskClass, long waitedNanos, long ranNanos) {
        waited.record(waitedNanos, TimeUnit.NANOSECONDS);
        classes.of(taskClass).ran.record(ranNanos, TimeUnit.NANOSECONDS);
    }
}
