package io.argon.node;

import io.argon.metrics.TaskMeters;
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
        TaskMeters.bindQueue(registry, dispatcher::queued, dispatcher.queueLimit(), "a worker");
        WorkerPool pool = dispatcher.pool();
        Gauge.builder("argon.workers", pool, WorkerPool::size).description("Worker JVMs the node keeps").register(registry);
        Gauge.builder("argon.workers.busy", pool, WorkerPool::busyCount).description("Workers running a task").register(registry);
        Gauge.builder("argon.workers.idle", pool, WorkerPool::idleCount).description("Workers waiting for a task").register(registry);
    }
}
