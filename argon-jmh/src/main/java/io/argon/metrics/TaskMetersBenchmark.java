package io.argon.metrics;

import io.argon.core.daemon.TaskStats;
import io.argon.protocol.RawJson;
import io.argon.protocol.Result;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a daemon's {@link TaskStats} does for each task it answers, a result, and its times:
 * {@code withMeters} as with {@code --metrics-port}, where {@link TaskMeters} records the
 * outcome and the times by task class into the endpoint's Prometheus registry;
 * {@code withoutMeters} as without, where only the status report's count is kept. The
 * difference is what metrics cost each task. The answers cycle through {@code classes} task
 * classes, and each names its class with a fresh string, as a decoded request does (so its
 * hash is computed again, as on the task path).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class TaskMetersBenchmark {
    @Param({"1", "100"})
    public int classes;

    private final Result reply = new Result("1", RawJson.NULL);
    private final TaskStats withMeters = new TaskStats();
    private final TaskStats withoutMeters = new TaskStats();
    private MetricsEndpoint endpoint;
    private String[] classNames;
    private int next;

    @Setup
    public void setUp() {
        endpoint = new MetricsEndpoint();
        TaskMeters.bind(endpoint.registry(), withMeters);
        classNames = new String[classes];
        for (int i = 0; i < classes; i++) {
            classNames[i] = "io.example.tasks.ReportTask" + i;
        }
    }

    @TearDown
    public void tearDown() {
        endpoint.close();
    }

    /** The class of the next task, as a string of its own. */
    private String nextClass() {
        next = next + 1 == classes ? 0 : next + 1;
        return new String(classNames[next].toCharArray());
    }

    @Benchmark
    public TaskStats withMeters() {
        return answer(withMeters);
    }

    @Benchmark
    public TaskStats withoutMeters() {
        return answer(withoutMeters);
    }

    private TaskStats answer(TaskStats stats) {
        String taskClass = nextClass();
        stats.answered(taskClass, reply);
        stats.ran(taskClass, 20_000, 450_000);
        return stats;
    }
}
