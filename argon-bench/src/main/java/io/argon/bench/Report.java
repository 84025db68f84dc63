package io.argon.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.protocol.Json;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * The figures a run ends with, worked out from its {@link BenchStats}, as text for a person
 * or as one JSON object for a program.
 *
 * <p>The overhead is the system's cost per task beyond the time it was told to sleep. While a
 * worker is free for every task in flight ({@code -c} at most the workers), it is the mean
 * latency (first send to answer) less the mean simulated delay. With more tasks in flight than
 * workers, every worker is busy and the rest of the tasks wait for one: by Little's law a task
 * holds a worker for {@code workers / throughput}, so the overhead is that less the simulated
 * delay, and the queueing (the wait for a worker) is the mean latency less that. Overhead and
 * queueing add up to the mean latency less the simulated delay.
 *
 * <p>The ideal wall time is the simulated work spread perfectly over {@code parallelism} =
 * min(tasks in flight, workers) workers, with nothing else costing time; efficiency is ideal
 * over measured. Without {@code -w} the bench cannot know the workers and assumes one per task
 * in flight. Figures that cannot be known (no task completed, no simulated delay) are null in
 * JSON and "n/a" in text, never a made-up zero.
 *
 * <p>The bench's CPU share (this JVM's CPU time over the wall time, in cores) shows how much of
 * the machine the load driver itself took from the system it measured.
 *
 * @param setup       what was run, and against what
 * @param parallelism tasks that can run at once, for the ideal figures
 */
record Report(
        Setup setup,
        int tasks,
        int parallelism,
        long completed,
        long errors,
        long rejected,
        double wallSeconds,
        double throughput,
        double meanUs,
        double p50Us,
        double p90Us,
        double p99Us,
        double maxUs,
        double simulatedUs,
        double overheadUs,
        double queueingUs,
        double idealWallSeconds,
        double idealThroughput,
        double efficiency,
        double benchCpuUsPerTask,
        double benchCpuCores,
        Map<String, Long> errorReasons) {

    /**
     * What was run.
     *
     * @param target  where the tasks went, e.g. 127.0.0.1:8000 or "local node with 4 workers on ..."
     * @param local   the node runs in the bench's JVM (--local)
     * @param workers the workers the system has, when known (--local, or -w as a hint); else null
     * @param delays  the delay plan, or null when the task class is not SampleTask
     */
    record Setup(String target, boolean local, String className, int warmup, int concurrency, Integer workers,
                 DelayPlan delays) {
    }

    /**
     * @param benchCpuSeconds CPU time this JVM used during the run; NaN if unknown
     */
    static Report of(BenchStats stats, Setup setup, double benchCpuSeconds) {
        DelayPlan delays = setup.delays();
        int parallelism = setup.workers() != null ? Math.min(setup.concurrency(), setup.workers()) : setup.concurrency();
        long completed = stats.completed();
        double wall = stats.wallNanos() / 1e9;
        double mean = stats.meanLatencyUs();
        double simulated = delays != null ? stats.meanSimulatedDelayUs() : Double.NaN;
        double throughput = wall > 0 ? completed / wall : Double.NaN;
        // The time a task holds a worker, and the rest of its latency, the wait for one (see above).
        double held = mean;
        double queueing = setup.workers() == null || completed == 0 ? Double.NaN : 0;
        if (setup.workers() != null && setup.concurrency() > setup.workers() && throughput > 0) {
            held = Math.min(mean, parallelism / throughput * 1e6);
            queueing = mean - held;
        }
        double idealWall = delays != null && delays.delaySeconds() > 0 && completed > 0
                ? stats.simulatedSumSeconds() / parallelism : Double.NaN;
        double idealThroughput = delays != null && delays.delaySeconds() > 0
                ? parallelism / delays.delaySeconds() : Double.NaN;
        return new Report(setup, stats.expected(), parallelism,
                completed, stats.errors(), stats.rejected(), wall,
                throughput,
                mean,
                stats.latencyPercentileUs(50), stats.latencyPercentileUs(90), stats.latencyPercentileUs(99),
                completed > 0 ? stats.maxLatencyUs() : Double.NaN,
                simulated,
                held - simulated,
                queueing,
                idealWall,
                idealThroughput,
                wall > 0 ? idealWall / wall : Double.NaN,
                benchCpuSeconds * 1e6 / stats.expected(),
                wall > 0 ? benchCpuSeconds / wall : Double.NaN,
                stats.errorReasons());
    }

    /** Whether more tasks were in flight than the target has workers, so that some waited for one. */
    private boolean waitsForWorkers() {
        return setup.workers() != null && setup.concurrency() > setup.workers();
    }

    /** The one-line JSON object printed by {@code --json}. */
    String toJson() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("tasks", tasks);
        json.put("completed", completed);
        json.put("errors", errors);
        json.put("rejected", rejected);
        put(json, "wall_s", wallSeconds, 6);
        put(json, "throughput", throughput, 1);
        ObjectNode latency = json.putObject("latency_us");
        put(latency, "mean", meanUs, 1);
        put(latency, "p50", p50Us, 0);
        put(latency, "p90", p90Us, 0);
        put(latency, "p99", p99Us, 0);
        put(latency, "max", maxUs, 0);
        put(json, "overhead_us", overheadUs, 1);
        put(json, "queueing_us", queueingUs, 1);
        put(json, "simulated_delay_us", simulatedUs, 1);
        put(json, "bench_cpu_us_per_task", benchCpuUsPerTask, 1);
        put(json, "bench_cpu_cores", benchCpuCores, 3);
        json.put("class", setup.className());
        json.put("target", setup.target());
        json.put("concurrency", setup.concurrency());
        json.put("warmup", setup.warmup());
        DelayPlan delays = setup.delays();
        if (delays != null) {
            json.put("delay_s", delays.delaySeconds());
            json.put("variance_s", delays.varianceSeconds());
        } else {
            json.putNull("delay_s");
            json.putNull("variance_s");
        }
        json.put("results_checked", delays != null);
        json.put("parallelism", parallelism);
        put(json, "ideal_wall_s", idealWallSeconds, 6);
        put(json, "ideal_throughput", idealThroughput, 1);
        put(json, "efficiency", efficiency, 4);
        ObjectNode reasons = json.putObject("error_reasons");
        errorReasons.forEach(reasons::put);
        try {
            return Json.MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The report for a person, one figure per line. */
    String toText() {
        DelayPlan delays = setup.delays();
        StringBuilder out = new StringBuilder();
        line(out, "target", setup.target());
        line(out, "task", setup.className() + (delays != null
                ? ", delay " + seconds(delays.delaySeconds()) + " s +- " + seconds(delays.varianceSeconds()) + " s, results checked"
                : ", results not checked"));
        line(out, "tasks", tasks + ", " + setup.concurrency() + " in flight"
                + (setup.warmup() > 0 ? ", after " + setup.warmup() + " warm-up tasks" : ""));
        line(out, "completed", Long.toString(completed));
        line(out, "errors", Long.toString(errors));
        line(out, "rejections", rejected + " retried");
        line(out, "wall time", BenchFormat.decimal(wallSeconds, 3) + " s");
        line(out, "throughput", number(throughput, 1, " tasks/s")
                + (Double.isNaN(idealThroughput) ? "" : " (ideal " + number(idealThroughput, 1, " tasks/s") + " with " + parallelism + " in parallel)"));
        line(out, "latency (us)", Double.isNaN(meanUs) ? "n/a (no task completed)"
                : "mean " + number(meanUs, 1, "") + "  p50 " + number(p50Us, 0, "") + "  p90 " + number(p90Us, 0, "")
                + "  p99 " + number(p99Us, 0, "") + "  max " + number(maxUs, 0, ""));
        if (delays != null) {
            line(out, "simulated delay", number(simulatedUs, 1, " us per task (mean)"));
            line(out, "overhead", number(overheadUs, 1, waitsForWorkers()
                    ? " us per task (time a task holds a worker, workers / throughput, - mean simulated delay)"
                    : " us per task (mean latency - mean simulated delay)"));
        } else {
            line(out, "overhead", "n/a (the bench knows the simulated work of " + Workload.SAMPLE_TASK + " only)");
        }
        if (waitsForWorkers()) {
            line(out, "queueing", number(queueingUs, 1, " us per task (waiting for one of " + setup.workers() + " workers with "
                    + setup.concurrency() + " tasks in flight: mean latency - workers / throughput)"));
        } else if (setup.workers() == null) {
            line(out, "queueing", "n/a (the target's workers are not known: give -w)");
        }
        if (!Double.isNaN(idealWallSeconds)) {
            line(out, "efficiency", number(efficiency, 3, "") + " (ideal wall " + BenchFormat.decimal(idealWallSeconds, 3)
                    + " s with " + parallelism + " in parallel)");
        }
        if (!Double.isNaN(benchCpuCores)) {
            line(out, "bench cpu", number(benchCpuUsPerTask, 1, " us per task, " + BenchFormat.decimal(benchCpuCores, 2)
                    + " cores (this JVM" + (setup.local() ? ", with the local node" : "") + ")"));
        }
        if (!errorReasons.isEmpty()) {
            out.append("errors by reason:\n");
            errorReasons.forEach((reason, count) -> out.append(String.format(Locale.ROOT, "  %8d  %s%n", count, reason)));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, "%-17s%s%n", label + ":", value));
    }

    private static String number(double value, int digits, String unit) {
        return Double.isNaN(value) ? "n/a" : BenchFormat.decimal(value, digits) + unit;
    }

    private static String seconds(double value) {
        return BenchFormat.decimal(value, 6);
    }

    private static void put(ObjectNode json, String key, double value, int digits) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            json.putNull(key);
        } else if (digits == 0) {
            json.put(key, Math.round(value));
        } else {
            json.put(key, BenchFormat.round(value, digits));
        }
    }
}
