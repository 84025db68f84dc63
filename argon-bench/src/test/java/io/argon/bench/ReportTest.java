package io.argon.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.protocol.Json;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReportTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private static Report.Setup sample(int concurrency, Integer workers, DelayPlan delays) {
        return new Report.Setup("127.0.0.1:8000", false, Workload.SAMPLE_TASK, 0, concurrency, workers, delays);
    }

    /** 400 tasks of 10 ms each that took 12 ms each, 4 at a time, finishing after 1.25 s. */
    private static BenchStats tenMillisecondTasks() {
        BenchStats stats = new BenchStats(400);
        stats.start(0);
        for (int i = 0; i < 400; i++) {
            stats.recordSuccess(12 * MS, 0.010, i == 399 ? 1250 * MS : MS);
        }
        return stats;
    }

    @Test
    void overheadIsMeanLatencyMinusMeanSimulatedDelay() {
        Report report = Report.of(tenMillisecondTasks(), sample(4, null, DelayPlan.of(0.01, 0)), Double.NaN);
        assertThat(report.meanUs()).isEqualTo(12_000);
        assertThat(report.simulatedUs()).isCloseTo(10_000, within(1e-6));
        assertThat(report.overheadUs()).isCloseTo(2_000, within(1e-6));
        assertThat(report.throughput()).isEqualTo(320);
    }

    @Test
    void withMoreTasksInFlightThanWorkersTheWaitForAWorkerIsQueueingNotOverhead() throws Exception {
        // bench --local -n 400 -w 2 (-c 4): 10 ms tasks that hold a worker 11 ms each, two at a time,
        // so 400 take 2.2 s; four in flight, each answered 22 ms after it was sent (Little's law: 4 / 181.8 per s).
        BenchStats stats = new BenchStats(400);
        stats.start(0);
        for (int i = 0; i < 400; i++) {
            stats.recordSuccess(22 * MS, 0.010, i == 399 ? 2200 * MS : MS);
        }
        Report report = Report.of(stats, sample(4, 2, DelayPlan.of(0.01, 0)), Double.NaN);
        assertThat(report.overheadUs()).isCloseTo(1_000, within(1e-6));
        assertThat(report.queueingUs()).isCloseTo(11_000, within(1e-6));
        assertThat(report.overheadUs() + report.queueingUs()).isCloseTo(report.meanUs() - report.simulatedUs(), within(1e-6));
        assertThat(report.toText())
                .contains("overhead:        1000 us per task (time a task holds a worker, workers / throughput, - mean simulated delay)")
                .contains("queueing:        11000 us per task (waiting for one of 2 workers with 4 tasks in flight");
        assertThat(Json.MAPPER.readTree(report.toJson()).get("queueing_us").asDouble()).isEqualTo(11_000.0);

        // A worker free for every task in flight: nothing waits, and the whole rest of the latency is overhead.
        Report enoughWorkers = Report.of(stats, sample(4, 4, DelayPlan.of(0.01, 0)), Double.NaN);
        assertThat(enoughWorkers.overheadUs()).isCloseTo(12_000, within(1e-6));
        assertThat(enoughWorkers.queueingUs()).isZero();
        assertThat(enoughWorkers.toText()).doesNotContain("queueing");

        // Workers not known: no queueing figure is made up.
        Report unknownWorkers = Report.of(stats, sample(4, null, DelayPlan.of(0.01, 0)), Double.NaN);
        assertThat(unknownWorkers.queueingUs()).isNaN();
        assertThat(unknownWorkers.toText()).contains("queueing:        n/a (the target's workers are not known: give -w)");
        assertThat(Json.MAPPER.readTree(unknownWorkers.toJson()).get("queueing_us").isNull()).isTrue();
    }

    @Test
    void idealWallSpreadsTheSimulatedWorkOverMinOfConcurrencyAndWorkers() {
        // W3: 400 x 10 ms, 8 in flight, 4 workers: ideal wall 1.0 s.
        Report withWorkers = Report.of(tenMillisecondTasks(), sample(8, 4, DelayPlan.of(0.01, 0)), Double.NaN);
        assertThat(withWorkers.parallelism()).isEqualTo(4);
        assertThat(withWorkers.idealWallSeconds()).isCloseTo(1.0, within(1e-9));
        assertThat(withWorkers.efficiency()).isCloseTo(0.8, within(1e-9));
        assertThat(withWorkers.idealThroughput()).isCloseTo(400, within(1e-9));

        // Not knowing the workers, the bench assumes one per task in flight.
        Report withoutWorkers = Report.of(tenMillisecondTasks(), sample(8, null, DelayPlan.of(0.01, 0)), Double.NaN);
        assertThat(withoutWorkers.parallelism()).isEqualTo(8);
        assertThat(withoutWorkers.idealWallSeconds()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void noSimulatedDelayMeansNoIdealFigures() {
        BenchStats stats = new BenchStats(1);
        stats.start(0);
        stats.recordSuccess(MS, 0, MS);
        Report report = Report.of(stats, sample(1, null, DelayPlan.of(0, 0)), Double.NaN);
        assertThat(report.overheadUs()).isEqualTo(1000);
        assertThat(report.idealWallSeconds()).isNaN();
        assertThat(report.efficiency()).isNaN();
        assertThat(report.toText()).doesNotContain("efficiency").doesNotContain("ideal");
    }

    @Test
    void benchCpuIsPerTaskAndInCores() {
        Report report = Report.of(tenMillisecondTasks(), sample(4, null, DelayPlan.of(0.01, 0)), 0.5);
        assertThat(report.benchCpuUsPerTask()).isCloseTo(1250, within(1e-9));
        assertThat(report.benchCpuCores()).isCloseTo(0.4, within(1e-9));
    }

    @Test
    void jsonHasTheDocumentedKeysAndCountsThatAddUp() throws Exception {
        BenchStats stats = new BenchStats(3);
        stats.start(0);
        stats.recordSuccess(2 * MS, 0.001, 2 * MS);
        stats.recordSuccess(4 * MS, 0.001, 4 * MS);
        stats.recordError("wrong result: expected 2, got 3", 5 * MS);
        stats.recordRetriedRejections(1);
        JsonNode json = Json.MAPPER.readTree(Report.of(stats, sample(2, null, DelayPlan.of(0.001, 0)), 0.002).toJson());

        assertThat(json.get("tasks").asInt()).isEqualTo(3);
        assertThat(json.get("completed").asInt()).isEqualTo(2);
        assertThat(json.get("errors").asInt()).isEqualTo(1);
        assertThat(json.get("rejected").asInt()).isEqualTo(1);
        assertThat(json.get("wall_s").asDouble()).isEqualTo(0.005);
        assertThat(json.get("throughput").asDouble()).isEqualTo(400.0);
        JsonNode latency = json.get("latency_us");
        assertThat(latency.get("mean").asDouble()).isEqualTo(3000.0);
        assertThat(latency.get("p50").asLong()).isEqualTo(2000);
        assertThat(latency.get("p90").asLong()).isEqualTo(4000);
        assertThat(latency.get("p99").asLong()).isEqualTo(4000);
        assertThat(latency.get("max").asLong()).isEqualTo(4000);
        assertThat(json.get("overhead_us").asDouble()).isEqualTo(2000.0);
        assertThat(json.get("results_checked").asBoolean()).isTrue();
        assertThat(json.get("error_reasons").get("wrong result: expected 2, got 3").asInt()).isEqualTo(1);
        assertThat(json.get("bench_cpu_us_per_task").asDouble()).isCloseTo(666.7, within(0.05));
    }

    @Test
    void jsonIsOneLine() {
        Report report = Report.of(tenMillisecondTasks(), sample(4, null, DelayPlan.of(0.01, 0)), Double.NaN);
        assertThat(report.toJson()).doesNotContain("\n").startsWith("{").endsWith("}");
    }

    @Test
    void unknownFiguresAreNullInJsonAndNotApplicableInText() throws Exception {
        BenchStats stats = new BenchStats(2);
        stats.start(0);
        stats.recordError("[task_failed] java.lang.RuntimeException: x", MS);
        stats.recordError("[task_failed] java.lang.RuntimeException: x", MS);
        Report.Setup setup = new Report.Setup("127.0.0.1:8000", false, "io.argon.examples.Fail", 0, 4, null, null);
        Report report = Report.of(stats, setup, Double.NaN);

        JsonNode json = Json.MAPPER.readTree(report.toJson());
        assertThat(json.get("completed").asInt()).isZero();
        assertThat(json.get("errors").asInt()).isEqualTo(2);
        assertThat(json.get("latency_us").get("p50").isNull()).isTrue();
        assertThat(json.get("overhead_us").isNull()).isTrue();
        assertThat(json.get("delay_s").isNull()).isTrue();
        assertThat(json.get("results_checked").asBoolean()).isFalse();

        assertThat(report.toText())
                .contains("latency (us):    n/a (no task completed)")
                .contains("overhead:        n/a")
                .contains("errors by reason:")
                .contains("       2  [task_failed] java.lang.RuntimeException: x");
    }

    @Test
    void textNamesEveryFigure() {
        Report report = Report.of(tenMillisecondTasks(), sample(8, 4, DelayPlan.of(0.01, 0.005)), 0.25);
        assertThat(report.toText())
                .contains("target:          127.0.0.1:8000")
                .contains("task:            io.argon.examples.SampleTask, delay 0.01 s +- 0.005 s, results checked")
                .contains("tasks:           400, 8 in flight")
                .contains("completed:       400")
                .contains("errors:          0")
                .contains("rejections:      0 retried")
                .contains("wall time:       1.25 s")
                .contains("throughput:      320 tasks/s (ideal 400 tasks/s with 4 in parallel)")
                .contains("latency (us):    mean 12000  p50 12000  p90 12000  p99 12000  max 12000")
                .contains("overhead:        2000 us per task")
                .contains("efficiency:      0.8 (ideal wall 1 s with 4 in parallel)")
                .contains("bench cpu:       625 us per task, 0.2 cores (this JVM)");
    }
}
