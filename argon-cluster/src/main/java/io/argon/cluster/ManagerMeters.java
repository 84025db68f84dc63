package io.argon.cluster;

import io.argon.metrics.MetricsEndpoint;
import io.argon.metrics.TaskMeters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * A manager's meters: its queue, and for each registered node (tagged with its address) what it
 * holds, how fast it answers, and how many tasks it has answered. Nodes come and go, so their
 * rows are brought up to date before each scrape; the scrape runs on the manager's event loop,
 * where the registry lives.
 */
final class ManagerMeters {
    private ManagerMeters() {
    }

    static void bind(MetricsEndpoint endpoint, ManagerDispatcher dispatcher, NodeRegistry nodes) {
        MeterRegistry registry = endpoint.registry();
        TaskMeters.bindQueue(registry, dispatcher::queued, dispatcher.queueLimit(), "a node with room");
        Gauge.builder("argon.nodes", nodes, r -> r.nodes().size()).description("Registered nodes").register(registry);

        List<Consumer<NodeRegistry>> rowsPerNode = List.of(
                perNode(registry, "argon.node.workers", "Workers of each node", null, node -> node.workers),
                perNode(registry, "argon.node.in.flight", "Tasks on each node now", null, NodeTracker::inFlight),
                perNode(registry, "argon.node.window", "Tasks each node may hold now", null, NodeTracker::window),
                perNode(registry, "argon.node.average.task", "Mean time of each node's last 10 tasks, round trip included",
                        "seconds", node -> node.averageNanos() / 1e9),
                perNode(registry, "argon.node.round.trip", "Each node's heartbeat round trip", "seconds",
                        node -> node.roundTripNanos() / 1e9),
                tasksPerNode(registry));
        endpoint.beforeScrape(() -> rowsPerNode.forEach(rows -> rows.accept(nodes)));
    }

    /** A gauge with a row per node; the returned refresh sets the rows to the nodes registered now. */
    private static Consumer<NodeRegistry> perNode(MeterRegistry registry, String name, String description, String unit,
            ToDoubleFunction<NodeTracker> value) {
        MultiGauge gauge = MultiGauge.builder(name).description(description).baseUnit(unit).register(registry);
        return nodes -> {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (NodeTracker node : nodes.nodes()) {
                rows.add(MultiGauge.Row.of(Tags.of("node", node.address), node, value));
            }
            gauge.register(rows, true);
        };
    }

    /**
     * {@code argon_node_tasks_total}: a counter per node of the tasks it has answered. A node's
     * counter comes with its registration and goes with it; one that registers again starts
     * from 0, which Prometheus takes as a counter reset.
     */
    private static Consumer<NodeRegistry> tasksPerNode(MeterRegistry registry) {
        Map<NodeTracker, FunctionCounter> counters = new IdentityHashMap<>();
        return nodes -> {
            Set<NodeTracker> registered = Collections.newSetFromMap(new IdentityHashMap<>());
            registered.addAll(nodes.nodes());
            counters.entrySet().removeIf(counted -> {
                boolean gone = !registered.contains(counted.getKey());
                if (gone) {
                    registry.remove(counted.getValue());
                }
                return gone;
            });
            for (NodeTracker node : nodes.nodes()) {
                counters.computeIfAbsent(node, added -> FunctionCounter.builder("argon.node.tasks", added, NodeTracker::completed)
                        .description("Tasks each node has answered")
                        .tag("node", added.address)
                        .register(registry));
            }
        };
    }
}
