package io.argon.node;

import io.argon.core.Priority;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A node's gauges: its queue and its workers. They read the dispatcher's state, which lives on
 * the node's event loop; the metrics endpoint is served on that loop, so they are read there.
 */
final class NodeMeters {
    private NodeMeters() {
    }

    static void bind(MeterRegistry registry, NodeDispatcher dispatcher) {
        for (Priority priority : Priority.values()) {
            Gauge.builder("argon.queue.depth", dispatcher, d -> d.queued(priority))
                    .description("Tasks waiting for a worker, by priority")
                    .tag("priority", priority.wireName())
                    .register(registry);
        }
        Gauge.builder("argon.queue.limit", dispatcher, NodeDispatcher::queueLimit)
                .description("Tasks that may wait before new ones are rejected")
                .register(registry);
        WorkerPool pool = dispatcher.pool();
        Gauge.builder("argon.workers", pool, WorkerPool::size).description("Worker JVMs the node keeps").register(registry);
        Gauge.builder("argon.workers.busy", pool, WorkerPool::busyCount).description("Workers running a task").register(registry);
        Gauge.builder("argon.workers.idle", pool, WorkerPool::idleCount).description("Workers waiting for a task").register(registry);
    }
}
