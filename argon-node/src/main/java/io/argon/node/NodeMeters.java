package io.argon.node;

import io.argon.metrics.TaskMeters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A node's meters: its queue, its workers, and how many of them ended and were replaced, by
 * why. They read the dispatcher's state, which lives on the node's event loop; the metrics
 * endpoint is served on that loop, so they are read there.
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
        WorkerRestarts restarts = dispatcher.workerRestarts();
        for (WorkerRestarts.Reason why : WorkerRestarts.Reason.values()) {
            FunctionCounter.builder("argon.worker.restarts", restarts, counted -> counted.count(why))
                    .description("Worker JVMs that ended while the node ran, each replaced, by why: "
                            + "crashed, hung (killed when its task ignored an interrupt), recycled, reload, failed_start")
                    .tag("reason", why.label())
                    .register(registry);
        }
    }
}
