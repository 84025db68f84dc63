package io.argon.cluster;

import io.argon.core.daemon.Submission;
import io.argon.core.daemon.TaskStats;
import io.argon.protocol.Submit;
import io.argon.task.Priority;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The manager's choice of a node for the next task, {@link Router#choose}, over {@code nodes}
 * registered nodes: what the manager pays per task dispatched, once for every task it admits.
 *
 * <p>The nodes are as a busy cluster has them: 1 to 8 workers each, a full history of task
 * times (averages from 0.5 to 50 ms), heartbeat round trips, and tasks in flight; every eighth
 * node is full (no room), so it is skipped, and the rest are compared. The same
 * seed gives the same nodes every run. {@code choose} changes nothing, so every call sees the
 * same state.
 *
 * <p>In the cluster's package only to reach {@code Router} and {@code NodeTracker}, which are
 * package-private.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RouterBenchmark {
    @Param({"1", "4", "16", "64", "256", "1024"})
    public int nodes;

    /** As the manager holds them: registered nodes in registration order. */
    private List<NodeTracker> registered;
    private final Router router = new Router(new SplittableRandom(7));

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        Map<String, NodeTracker> byAddress = new LinkedHashMap<>();
        long ids = 0;
        for (int n = 0; n < nodes; n++) {
            String address = "10.0." + (n / 256) + "." + (n % 256) + ":8000";
            // An embedded channel: the router only reads the trackers; what is sent here in the set-up stays in it.
            NodeTracker node = new NodeTracker(address, 1 + random.nextInt(8), new EmbeddedChannel(), 0);
            long typicalMicros = 500 + random.nextLong(50_000);
            for (int i = 0; i < NodeTracker.HISTORY; i++) {
                node.recordTask(TimeUnit.MICROSECONDS.toNanos(typicalMicros / 2 + random.nextLong(typicalMicros)), 0);
            }
            for (int i = 0; i < NodeHeartbeat.ROUND_TRIP_SAMPLES + 1; i++) {
                node.recordRoundTrip(TimeUnit.MICROSECONDS.toNanos(100 + random.nextLong(400)));
            }
            int window = node.window();
            int inFlight = n % 8 == 7 ? window : random.nextInt(window);
            for (int i = 0; i < inFlight; i++) {
                String id = Long.toString(++ids);
                Submit request = new Submit("c" + id, "io.argon.examples.SampleTask", null, Priority.NORMAL, false);
                RoutedTask task = new RoutedTask(new Submission(request, null, new TaskStats()), id, 0, 1);
                task.start(node, 0);
                node.send(task, 0);
            }
            byAddress.put(address, node);
        }
        registered = new ArrayList<>(byAddress.values());
    }

    /**
     * Returns the chosen node so that the call is not optimised away (as Object: JMH's
     * generated code lives in another package, which cannot name {@code NodeTracker}).
     */
    @Benchmark
    public Object choose() {
        return router.choose(registered, 0);
    }
}
