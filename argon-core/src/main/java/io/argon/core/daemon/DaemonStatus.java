package io.argon.core.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.core.Version;
import io.argon.protocol.Json;
import io.argon.task.Priority;

/** The fields of a status report that a node and a manager share (see docs/PROTOCOL.md); each adds its own. */
public final class DaemonStatus {
    private DaemonStatus() {
    }

    /** A report with the role, version, uptime, the queue by priority, and what became of every task. */
    public static ObjectNode of(String role, long uptimeMillis, TaskBook<?> tasks, boolean draining) {
        ObjectNode report = Json.MAPPER.createObjectNode()
                .put("role", role)
                .put("version", Version.get())
                .put("uptime_ms", uptimeMillis)
                .put("queued", tasks.queued())
                .put("queue_limit", tasks.capacity());
        if (draining) {
            report.put("draining", true);
        }
        ObjectNode byPriority = report.putObject("queued_by_priority");
        for (Priority priority : Priority.values()) {
            byPriority.put(priority.wireName(), tasks.queued(priority));
        }
        ObjectNode outcomes = report.putObject("tasks");
        tasks.stats().counts().forEach(outcomes::put);
        outcomes.put(TaskStats.REJECTED, tasks.stats().rejections()); // tries turned away, not tasks: see docs/PROTOCOL.md
        tasks.describeLatency(report.putObject("latency_ms"));
        return report;
    }
}
