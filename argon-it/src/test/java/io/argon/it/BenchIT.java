package io.argon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/bench} against a real node: the report's counts add up, stdout holds nothing but
 * the report, failed tasks make a non-zero exit, and rejections are retried by the client and
 * counted. Small runs: CI has 2 cores.
 */
class BenchIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ArgonProcess node;
    private static String address;

    @TempDir
    Path temp;

    @BeforeAll
    static void startNode() throws Exception {
        node = ArgonProcess.startNode("-w", "2");
        address = "127.0.0.1:" + node.port();
    }

    @AfterAll
    static void stopNode() throws Exception {
        node.close();
    }

    /** One finished bench run, with stdout and stderr kept apart (ArgonProcess merges them). */
    private record Run(int exit, String stdout, String stderr) {
        JsonNode json() throws IOException {
            List<String> lines = stdout.lines().filter(line -> !line.isBlank()).toList();
            assertThat(lines).as("stdout must be exactly one JSON object; stderr:\n" + stderr).hasSize(1);
            return JSON.readTree(lines.get(0));
        }
    }

    private Run bench(String... args) throws Exception {
        return benchAt(address, args);
    }

    private Run benchAt(String target, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("-a", target));
        argv.addAll(List.of(args));
        return run(argv);
    }

    private Run run(List<String> args) throws Exception {
        List<String> argv = new ArrayList<>();
        argv.add(ArgonProcess.home().resolve("bin").resolve("bench").toString());
        argv.addAll(List.of("--max-wait", "60"));
        argv.addAll(args);
        Path out = Files.createTempFile(temp, "bench", ".out");
        Path err = Files.createTempFile(temp, "bench", ".err");
        Process process = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                throw new AssertionError("bench still running after 120 s; stderr:\n" + Files.readString(err));
            }
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** What bin/bench-suite runs for a manager's figures, small: a real manager, 8 simulated nodes. */
    @Test
    void managerScaleReadsAManagersCpuPerTaskAndAtRest() throws Exception {
        try (ArgonProcess manager = ManagerProcesses.startManager()) {
            Run run = run(List.of("manager-scale", "-a", "127.0.0.1:" + manager.port(), "--pid", Long.toString(manager.pid()),
                    "--nodes", "8", "-n", "2000", "--warmup", "500", "--idle", "1"));
            assertThat(run.exit()).as(run.stderr()).isZero();
            JsonNode report = run.json();
            assertThat(report.get("nodes").asInt()).isEqualTo(8);
            assertThat(report.get("errors").asLong()).isZero();
            assertThat(report.get("manager_cpu_us_per_task").asDouble()).as("the manager did work for the tasks").isPositive();
            assertThat(report.has("manager_idle_cpu_ms_per_s")).isTrue();
            manager.awaitStatus("the simulated nodes gone with the bench", status -> status.get("nodes").isEmpty(), Timeouts.ANSWERS);
        }
    }

    /** bin/bench-suite is a benchmark, so CI does not run it; it must still parse and say what it runs. */
    @Test
    void benchSuiteExplainsItselfAndRefusesWhatItDoesNotKnow() throws Exception {
        String suite = ArgonProcess.home().resolve("bin").resolve("bench-suite").toString();
        Process help = new ProcessBuilder(suite, "--help").redirectErrorStream(true).start();
        String usage = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(help.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(help.exitValue()).as(usage).isZero();
        assertThat(usage).contains("--runs N").contains("W1 cold").contains("W3 cold").contains("W2").contains("W4 warm")
                .contains("--floor DIR").contains("manager CPU per task");

        Process wrong = new ProcessBuilder(suite, "--rounds", "2").redirectErrorStream(true).start();
        String refusal = new String(wrong.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(wrong.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(wrong.exitValue()).as(refusal).isEqualTo(2);
        assertThat(refusal).contains("unknown option --rounds");

        Process syntax = new ProcessBuilder("bash", "-n", suite).redirectErrorStream(true).start();
        assertThat(syntax.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(syntax.exitValue()).as(new String(syntax.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void jsonReportCountsEveryTaskAndOnlyTheReportIsOnStdout() throws Exception {
        Run run = bench("-n", "300", "-c", "8", "-d", "0", "--warmup", "20", "--json");
        assertThat(run.exit()).as(run.stderr()).isZero();
        JsonNode report = run.json();

        assertThat(report.get("tasks").asInt()).isEqualTo(300);
        assertThat(report.get("completed").asInt()).isEqualTo(300);
        assertThat(report.get("errors").asInt()).isZero();
        assertThat(report.get("completed").asInt() + report.get("errors").asInt()).isEqualTo(report.get("tasks").asInt());
        assertThat(report.get("rejected").asInt()).isGreaterThanOrEqualTo(0);
        double wall = report.get("wall_s").asDouble();
        assertThat(wall).isPositive();
        assertThat(report.get("throughput").asDouble()).isCloseTo(300 / wall, withPercentage(1));
        JsonNode latency = report.get("latency_us");
        for (String key : List.of("mean", "p50", "p90", "p99", "max")) {
            assertThat(latency.get(key).isNumber()).as(key).isTrue();
            assertThat(latency.get(key).asDouble()).as(key).isPositive();
        }
        assertThat(latency.get("p50").asDouble()).isLessThanOrEqualTo(latency.get("p90").asDouble());
        assertThat(latency.get("p90").asDouble()).isLessThanOrEqualTo(latency.get("p99").asDouble());
        assertThat(latency.get("p99").asDouble()).isLessThanOrEqualTo(latency.get("max").asDouble());
        // With no simulated delay, the whole latency is overhead and the wait for one of the node's 2 workers.
        assertThat(run.stderr()).contains("the target has 2 workers, as its status says");
        assertThat(report.get("overhead_us").asDouble() + report.get("queueing_us").asDouble())
                .isCloseTo(latency.get("mean").asDouble(), within(0.2));
        assertThat(report.get("warmup").asInt()).isEqualTo(20);
        assertThat(run.stderr()).contains("bench: 300/300 tasks (100%)");
    }

    @Test
    void aLocalNodeWithFewerWorkersThanTasksInFlightReportsTheWaitForAWorkerAsQueueingNotOverhead() throws Exception {
        // Four in flight on two workers: each task waits about one task time for a worker.
        Run run = run(List.of("--local", "-n", "200", "-w", "2", "-c", "4", "-d", "0.02", "--json"));
        assertThat(run.exit()).as(run.stderr()).isZero();
        JsonNode report = run.json();
        double simulated = report.get("simulated_delay_us").asDouble();
        double queueing = report.get("queueing_us").asDouble();
        double overhead = report.get("overhead_us").asDouble();
        assertThat(overhead + queueing).isCloseTo(report.get("latency_us").get("mean").asDouble() - simulated, within(0.2));
        // Little's law: a task waits for the (4 - 2) / 2 tasks ahead of it, each holding a worker at least its delay.
        assertThat(queueing).as(run.stdout()).isGreaterThan(0.9 * simulated);
        assertThat(overhead).as(run.stdout()).isLessThan(queueing);
    }

    @Test
    void everyFailedTaskIsAnErrorAndTheExitIsNonZero() throws Exception {
        Run run = bench("-n", "100", "-c", "4", "--class", "io.argon.examples.Fail", "--params", "{\"message\":\"x\"}", "--json");
        assertThat(run.exit()).as(run.stderr()).isNotZero();
        JsonNode report = run.json();
        assertThat(report.get("tasks").asInt()).isEqualTo(100);
        assertThat(report.get("completed").asInt()).isZero();
        assertThat(report.get("errors").asInt()).isEqualTo(100);
        assertThat(report.get("latency_us").get("p50").isNull()).isTrue();
        assertThat(report.get("error_reasons").toString()).contains("task_failed").contains("x");
    }

    @Test
    void textReportWithSimulatedDelayAndAClampedVariance() throws Exception {
        Run run = bench("-n", "40", "-c", "2", "-d", "0.002", "-v", "0.01");
        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.stderr()).contains("note: variance 0.01 s is larger than the delay 0.002 s; using variance 0.002 s");
        assertThat(run.stdout())
                .contains("completed:       40")
                .contains("errors:          0")
                .contains("delay 0.002 s +- 0.002 s, results checked")
                .contains("latency (us):    mean ")
                .contains("overhead:        ")
                .doesNotContain("bench: 40/40");
    }

    @Test
    void rejectionsAreRetriedByTheClientAndCountedOrAreErrorsPastRetries() throws Exception {
        // One worker and no queue: while a task runs, every other one is rejected at once.
        try (ArgonProcess full = ArgonProcess.startNode("-w", "1", "-l", "0")) {
            String fullAddress = "127.0.0.1:" + full.port();

            Run retried = benchAt(fullAddress, "-n", "30", "-c", "4", "-d", "0.01", "--json");
            assertThat(retried.exit()).as(retried.stderr()).isZero();
            JsonNode report = retried.json();
            assertThat(report.get("completed").asInt()).isEqualTo(30);
            assertThat(report.get("errors").asInt()).isZero();
            assertThat(report.get("rejected").asInt()).isPositive();

            // With --retries 0 the client retries nothing: each rejection ends its task as an error.
            Run notRetried = benchAt(fullAddress, "-n", "20", "-c", "4", "-d", "0.05", "--retries", "0", "--json");
            assertThat(notRetried.exit()).as(notRetried.stderr()).isNotZero();
            JsonNode strict = notRetried.json();
            assertThat(strict.get("rejected").asInt()).isZero();
            assertThat(strict.get("completed").asInt()).isPositive();
            assertThat(strict.get("errors").asInt()).isPositive();
            assertThat(strict.get("completed").asInt() + strict.get("errors").asInt()).isEqualTo(20);
            assertThat(strict.get("error_reasons").toString()).contains("rejected").contains("--retries 0");
        }
    }
}
