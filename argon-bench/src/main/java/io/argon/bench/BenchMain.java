package io.argon.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.client.ArgonClient;
import io.argon.client.ClientOptions;
import io.argon.client.ConnectionException;
import io.argon.client.SubmitOptions;
import io.argon.core.HostPort;
import io.argon.core.cli.Commands;
import io.argon.core.cli.CompletionCandidates;
import io.argon.core.cli.Logging;
import io.argon.core.cli.SecurityOptions;
import io.argon.core.cli.VersionProvider;
import io.argon.examples.SampleTask;
import io.argon.node.EmbeddedNode;
import io.argon.node.Node;
import io.argon.protocol.Json;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: sends many tasks to a node or manager, keeping a fixed number in flight, and
 * reports throughput, latency and the system's overhead per task against the simulated work.
 * Progress goes to stderr; stdout holds only the report (text, or one JSON object).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true, subcommands = ManagerScale.class,
        description = {
            "Sends many tasks to an Argon node or manager, -c at a time, and reports throughput, latency "
                    + "(mean, p50, p90, p99, max), the overhead per task against the simulated delay, and the wait for a "
                    + "worker when more tasks are in flight than the target has workers.",
            "Progress goes to stderr; the report (or with --json one JSON object) to stdout.",
            "Exit status: 0 when every task completed with the right result, 1 when any failed or the "
                    + "target cannot be reached, 2 on a usage error."})
public final class BenchMain implements Callable<Integer> {
    /** How long the bench waits for the target's status, which says how many workers it has. */
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(10);

    static final int DEFAULT_LOCAL_WORKERS = 4;
    static final double DEFAULT_DELAY = 0.05;

    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--address"}, paramLabel = "HOST:PORT", split = ",", splitSynopsisLabel = ",",
            description = "The node or manager to bench; several joined with ',' fail over as for 'argon'.")
    List<HostPort> address;

    @Option(names = "--local", description = "Starts a stand-alone node with -w workers in this process, benches it, and stops it.")
    boolean local;

    @Option(names = {"-w", "--workers"}, paramLabel = "N",
            description = "With --local: workers to start (default: " + DEFAULT_LOCAL_WORKERS + "). "
                    + "Otherwise: the workers the target has in all, for the queueing and ideal figures (default: as the target's "
                    + "status says).")
    Integer workers;

    @Option(names = {"-n", "--tasks"}, paramLabel = "N", defaultValue = "1000", description = "Tasks to send (default: ${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "4", description = "Tasks in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = {"-d", "--delay"}, paramLabel = "SECONDS",
            description = "Seconds each SampleTask sleeps (default: " + DEFAULT_DELAY + ").")
    Double delay;

    @Option(names = {"-v", "--variance"}, paramLabel = "SECONDS",
            description = "Each delay is drawn uniformly from delay +- variance (default: 0). "
                    + "A variance above the delay is reduced to the delay, so that no delay is negative.")
    Double variance;

    @Option(names = "--class", paramLabel = "CLASS", defaultValue = Workload.SAMPLE_TASK,
            description = "The task class (default: ${DEFAULT-VALUE}). For another class, -d and -v do not apply, "
                    + "results are not checked and the overhead is not known.")
    String className;

    @Option(names = "--params", paramLabel = "JSON", defaultValue = "{}",
            description = "The params of every task, as a JSON object. With SampleTask the bench sets num and delay itself.")
    String params;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "-1",
            description = "Times the client sends a rejected task again before it counts as an error; -1 = no limit (default).")
    int retries;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "0",
            description = "Tasks to run first, at the same concurrency, and not count (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--json", description = "Prints the report as one JSON object.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0",
            description = "Each task's timeout, sent with it: the daemon answers a task still unfinished by then "
                    + "with a timeout, an error; 0 = none (default).")
    double taskTimeoutSeconds;

    @Option(names = "--max-wait", paramLabel = "SECONDS", defaultValue = "600",
            description = "Gives up on the tasks not answered after this long, counting them as errors; "
                    + "applies to the warm-up and the run each (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Mixin
    SecurityOptions security;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "warn", completionCandidates = CompletionCandidates.LogLevels.class,
            description = "Log level (default: ${DEFAULT-VALUE}).")
    String logLevel;

    public static void main(String[] args) {
        System.exit(Commands.execute(new BenchMain(), args));
    }

    @Override
    public Integer call() throws InterruptedException {
        Logging.setLogLevel(spec, logLevel);
        validate();
        Workload workload = workload();
        PrintWriter err = spec.commandLine().getErr();
        if (workload.simulated() && workload.delays().clamped()) {
            err.println("bench: note: " + workload.delays().clampNote());
        } else if (!workload.simulated() && (delay != null || variance != null)) {
            err.println("bench: note: -d and -v apply to " + Workload.SAMPLE_TASK + " only; ignored for " + className);
        }

        EmbeddedNode node = null;
        try {
            List<HostPort> target = address;
            String targetName;
            Integer knownWorkers = workers;
            if (local) {
                knownWorkers = workers != null ? workers : DEFAULT_LOCAL_WORKERS;
                // Workers as bin/node starts them: the worker code and the example tasks, nothing of this JVM's.
                // and from the class-data archive bin/ keeps for them, if it gave a directory.
                String classData = System.getProperty("argon.cds.dir");
                node = EmbeddedNode.builder().workers(knownWorkers).ownClasspath(false).include(codeOf(SampleTask.class))
                        .classDataDir(classData == null || classData.isBlank() ? null : Path.of(classData)).start();
                target = List.of(node.address());
                targetName = "local node with " + knownWorkers + " workers on " + node.address();
                err.println("bench: started a " + targetName);
            } else {
                targetName = target.stream().map(HostPort::toString).collect(java.util.stream.Collectors.joining(","));
            }
            return bench(workload, target, targetName, knownWorkers, err);
        } catch (Node.NodeStartException e) {
            err.println("bench: cannot start the local node: " + e.getMessage());
            return 1;
        } catch (ConnectionException e) {
            err.println("bench: " + e.getMessage());
            return 1;
        } finally {
            if (node != null) {
                stop(node, err);
            }
        }
    }

    /**
     * The workers the target has in all, as its status says (a node's own, or the sum of a
     * manager's nodes'), or null if it does not say.
     */
    static Integer workersOf(ArgonClient client, PrintWriter err) throws InterruptedException {
        JsonNode status;
        try {
            status = client.daemon().status().get(STATUS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            err.println("bench: note: the target's status did not say how many workers it has (" + e.getMessage()
                    + "); give -w for the queueing and ideal figures");
            return null;
        }
        Integer workers = workersIn(status);
        if (workers != null) {
            err.println("bench: the target has " + workers + " workers, as its status says");
        }
        return workers;
    }

    /** The workers a status report counts, or null if it counts none. */
    static Integer workersIn(JsonNode status) {
        if (status.path("nodes").isArray()) {
            int sum = 0;
            for (JsonNode node : status.get("nodes")) {
                sum += node.path("workers").asInt(0);
            }
            return sum > 0 ? sum : null;
        }
        int workers = status.path("workers").asInt(0);
        return workers > 0 ? workers : null;
    }

    /** The jar (or class directory) a class was loaded from. */
    private static Path codeOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot find where " + type.getName() + " was loaded from", e);
        }
    }

    private int bench(Workload workload, List<HostPort> target, String targetName, Integer knownWorkers, PrintWriter err)
            throws InterruptedException {
        long timeoutNanos = (long) (timeoutSeconds * 1e9);
        // The client retries rejected tasks as for any caller; the LoadDriver reads how many from client.rejections().
        ClientOptions options = ClientOptions.defaults().withMaxRetries(retries).withMaxInFlight(concurrency)
                .withSecret(security.secret(spec)).withTls(security.tls(spec, null));
        try (ArgonClient client = new ArgonClient(target.stream().map(HostPort::toString).toList(), options)) {
            client.connect();
            if (knownWorkers == null) {
                knownWorkers = workersOf(client, err);
            }
            SubmitOptions perTask = SubmitOptions.DEFAULT.withTimeout(Duration.ofMillis((long) (taskTimeoutSeconds * 1000)));
            LoadDriver driver = new LoadDriver((className, params) -> client.submit(className, params, perTask),
                    client::rejections, workload, concurrency);
            if (warmup > 0) {
                BenchStats warm = run(driver, "warm-up", warmup, timeoutNanos, err);
                if (warm.errors() > 0) {
                    err.println("bench: note: " + warm.errors() + " of " + warmup + " warm-up tasks failed (not counted)");
                }
            }
            long cpuBefore = ProcessCpu.nanos();
            BenchStats stats = run(driver, "bench", tasks, timeoutNanos, err);
            long cpuAfter = ProcessCpu.nanos();
            double cpuSeconds = cpuBefore >= 0 && cpuAfter >= 0 ? (cpuAfter - cpuBefore) / 1e9 : Double.NaN;
            Report.Setup setup = new Report.Setup(targetName, local, className, warmup, concurrency, knownWorkers, workload.delays());
            Report report = Report.of(stats, setup, cpuSeconds);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(report.toJson());
            } else {
                out.print(report.toText());
            }
            out.flush();
            return stats.errors() > 0 ? 1 : 0;
        }
    }

    private static BenchStats run(LoadDriver driver, String label, int count, long timeoutNanos, PrintWriter err)
            throws InterruptedException {
        Progress progress = Progress.on(err, label, count, System.nanoTime());
        BenchStats stats = driver.run(count, timeoutNanos,
                running -> progress.update(running.answered(), running.errors(), System.nanoTime()));
        progress.finish(stats.answered(), stats.errors(), System.nanoTime());
        return stats;
    }

    private static void stop(EmbeddedNode node, PrintWriter err) {
        try {
            node.close();
        } catch (IllegalStateException e) {
            err.println("bench: " + e.getMessage());
        }
    }

    private Workload workload() {
        ObjectNode paramTree = parseParams();
        if (!Workload.SAMPLE_TASK.equals(className)) {
            return Workload.custom(className, paramTree);
        }
        try {
            DelayPlan plan = DelayPlan.of(delay != null ? delay : DEFAULT_DELAY, variance != null ? variance : 0);
            return Workload.sample(plan, paramTree);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private ObjectNode parseParams() {
        try {
            JsonNode tree = Json.MAPPER.readTree(params);
            if (tree instanceof ObjectNode object) {
                return object;
            }
            throw usage("--params must be a JSON object, e.g. '{\"message\": \"x\"}'");
        } catch (JsonProcessingException e) {
            throw usage("--params is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private void validate() {
        if (local == (address != null)) {
            throw usage("give either -a HOST:PORT or --local");
        }
        if (workers != null && workers < 1) {
            throw usage("-w must be at least 1, got " + workers);
        }
        if (tasks < 1) {
            throw usage("-n must be at least 1, got " + tasks);
        }
        if (concurrency < 1) {
            throw usage("-c must be at least 1, got " + concurrency);
        }
        if (warmup < 0) {
            throw usage("--warmup must be at least 0, got " + warmup);
        }
        if (retries < -1) {
            throw usage("--retries must be -1 (no limit) or more, got " + retries);
        }
        if (!(timeoutSeconds > 0) || timeoutSeconds > TimeUnit.DAYS.toSeconds(365)) {
            throw usage("--max-wait must be a positive number of seconds, got " + timeoutSeconds);
        }
        if (!(taskTimeoutSeconds >= 0) || taskTimeoutSeconds > TimeUnit.DAYS.toSeconds(365)
                || (taskTimeoutSeconds > 0 && taskTimeoutSeconds < 0.001)) {
            throw usage("--timeout must be 0 or between 0.001 and a year of seconds, got " + taskTimeoutSeconds);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
