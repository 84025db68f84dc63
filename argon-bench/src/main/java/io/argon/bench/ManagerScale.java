package io.argon.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.client.ArgonClient;
import io.argon.core.HostPort;
import io.argon.protocol.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bench manager-scale}: what a manager's own work costs as its nodes grow. It registers
 * {@code --nodes} simulated nodes ({@link SimulatedNodes}: connections that answer each task at
 * once) with a manager that runs as a process of its own, sends it tasks, and reads the
 * manager's CPU time from the system before and after: its CPU per task (routing, relaying,
 * answering: the manager's event loop, with nothing else on it), then its CPU per second while
 * nothing is sent (heartbeats). Prints one JSON object.
 */
@Command(name = "manager-scale", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Registers --nodes simulated nodes with a running manager, sends it tasks, and prints as JSON the "
                    + "manager's CPU per task and its CPU per second at rest (heartbeats), read from the system "
                    + "for the manager's --pid.",
            "Exit status: 0 when every task was answered with a result, 1 otherwise, 2 on a usage error."})
final class ManagerScale implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--address"}, paramLabel = "HOST:PORT", required = true, description = "The manager.")
    HostPort manager;

    @Option(names = "--pid", paramLabel = "PID", required = true, description = "The manager's process id, whose CPU time is read.")
    long pid;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "1", description = "Simulated nodes to register (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = {"-n", "--tasks"}, paramLabel = "N", defaultValue = "40000", description = "Tasks counted (default: ${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "40000",
            description = "Tasks sent first and not counted (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "64", description = "Tasks in flight (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--idle", paramLabel = "SECONDS", defaultValue = "5",
            description = "Seconds of rest over which the manager's CPU per second is read (default: ${DEFAULT-VALUE}).")
    int idleSeconds;

    @Override
    public Integer call() throws Exception {
        ProcessHandle target = ProcessHandle.of(pid).orElse(null);
        if (target == null || target.info().totalCpuDuration().isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "no process " + pid + " whose CPU time can be read");
        }
        try (SimulatedNodes simulated = SimulatedNodes.register(manager, nodes, 1, null, Duration.ofSeconds(120));
             ArgonClient client = new ArgonClient(manager.host(), manager.port())) {
            AtomicLong failed = new AtomicLong();
            send(client, warmup, failed);
            long cpuBefore = cpuNanos(target);
            long began = System.nanoTime();
            send(client, tasks, failed);
            long elapsed = System.nanoTime() - began;
            long cpuAfter = cpuNanos(target);
            Thread.sleep(1000); // the last answers' work settles
            long restBefore = cpuNanos(target);
            Thread.sleep(TimeUnit.SECONDS.toMillis(idleSeconds));
            long restAfter = cpuNanos(target);

            ObjectNode report = Json.MAPPER.createObjectNode()
                    .put("nodes", nodes)
                    .put("tasks", tasks)
                    .put("errors", failed.get())
                    .put("throughput", Math.round(tasks / (elapsed / 1e9)))
                    .put("manager_cpu_us_per_task", Math.round((cpuAfter - cpuBefore) / 1e3 / tasks * 10) / 10.0)
                    .put("manager_idle_cpu_ms_per_s", Math.round((restAfter - restBefore) / 1e6 / idleSeconds * 10) / 10.0)
                    .put("idle_nodes", simulated.idle());
            PrintWriter out = spec.commandLine().getOut();
            out.println(report);
            out.flush();
            return failed.get() == 0 ? 0 : 1;
        }
    }

    /** Sends {@code count} no-op tasks, {@code concurrency} in flight, and waits for their answers. */
    private void send(ArgonClient client, int count, AtomicLong failed) throws InterruptedException {
        Semaphore room = new Semaphore(concurrency);
        for (int i = 0; i < count; i++) {
            room.acquire();
            client.submit(Workload.SAMPLE_TASK, Map.of("num", i, "delay", 0)).whenComplete((result, error) -> {
                if (error != null) {
                    failed.incrementAndGet();
                }
                room.release();
            });
        }
        if (!room.tryAcquire(concurrency, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("tasks still unanswered after 60 s");
        }
    }

    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().orElseThrow().toNanos();
    }
}
