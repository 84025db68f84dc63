package io.argon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.core.Plural;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A status report as a person reads it: a few lines of totals and a table of workers (a node)
 * or nodes (a manager). Fields the report lacks are left out, so a newer or older daemon's
 * report still prints.
 */
final class StatusText {
    private StatusText() {
    }

    static String render(JsonNode report) {
        StringBuilder text = new StringBuilder();
        String role = report.path("role").asText("daemon");
        text.append(role).append(' ').append(report.path("version").asText("?"))
                .append(", up ").append(duration(report.path("uptime_ms").asLong()));
        if (report.path("draining").asBoolean()) {
            text.append(", draining: taking no new tasks");
        }
        if (report.path("reloading").asBoolean()) {
            text.append(", reloading: replacing its workers one at a time");
        }
        text.append('\n');
        if (role.equals("node")) {
            node(report, text);
        } else if (role.equals("manager")) {
            manager(report, text);
        }
        text.append("queue: ").append(report.path("queued").asInt()).append(" waiting of ")
                .append(report.path("queue_limit").asInt()).append(byPriority(report.path("queued_by_priority"))).append('\n');
        text.append("tasks: ").append(outcomes(report.path("tasks"))).append('\n');
        return text.toString();
    }

    private static void node(JsonNode report, StringBuilder text) {
        text.append("workers: ").append(report.path("busy").asInt()).append(" busy, ").append(report.path("idle").asInt())
                .append(" idle, of ").append(report.path("workers").asInt()).append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "PID", "STATE", "GEN", "UP", "DONE", "RSS", "TASK"});
        for (JsonNode worker : report.path("pool")) {
            JsonNode task = worker.path("task");
            rows.add(new String[] {
                worker.path("id").asText(), worker.path("pid").asText(), worker.path("state").asText(),
                worker.path("generation").asText("0"), duration(worker.path("uptime_ms").asLong()), worker.path("tasks_done").asText(),
                worker.has("rss_bytes") ? mebibytes(worker.path("rss_bytes").asLong()) : "-",
                task.isMissingNode() ? "" : task.path("class").asText() + " (id " + task.path("id").asText() + "), running "
                        + duration(task.path("running_ms").asLong())});
        }
        table(rows, text);
        for (JsonNode manager : report.path("managers")) {
            text.append("manager: ").append(manager.path("address").asText())
                    .append(manager.path("registered").asBoolean() ? ", registered" : ", not registered")
                    .append(manager.path("drained").asBoolean() ? ", drained" : "").append('\n');
        }
    }

    private static void manager(JsonNode report, StringBuilder text) {
        JsonNode nodes = report.path("nodes");
        text.append("nodes: ").append(nodes.size()).append('\n');
        if (nodes.isEmpty()) {
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ADDRESS", "WORKERS", "IN FLIGHT", "WINDOW", "DONE", "AVG TASK", "ROUND TRIP", "LAST SEEN"});
        for (JsonNode node : nodes) {
            rows.add(new String[] {
                node.path("address").asText() + (node.path("leaving").asBoolean() ? " (leaving)"
                        : node.path("drained").asBoolean() ? " (drained)" : ""),
                node.path("workers").asText(), node.path("in_flight").asText(), node.path("window").asText(),
                node.path("tasks_done").asText(), millis(node.path("average_task_ms").asDouble()),
                millis(node.path("round_trip_ms").asDouble()), duration(node.path("last_seen_ms_ago").asLong()) + " ago"});
        }
        table(rows, text);
    }

    /** " (high 1, normal 2)": the priorities that have tasks waiting. */
    private static String byPriority(JsonNode queued) {
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = queued.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> lane = it.next();
            if (lane.getValue().asInt() > 0) {
                parts.add(lane.getKey() + " " + lane.getValue().asInt());
            }
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    /** "98 results, 2 rejected, 1 timeout": the outcomes that happened, or "none yet". */
    private static String outcomes(JsonNode tasks) {
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tasks.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> outcome = it.next();
            long count = outcome.getValue().asLong();
            if (count > 0) {
                parts.add(outcome.getKey().equals("result") ? Plural.of(count, "result") : count + " " + outcome.getKey());
            }
        }
        return parts.isEmpty() ? "none yet" : String.join(", ", parts);
    }

    private static void table(List<String[]> rows, StringBuilder text) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
    }

    /** 950 ms, 4.2 s, 3m 10s, 2h 5m, 3d 4h. */
    static String duration(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
        }
        return seconds / 86_400 + "d " + seconds % 86_400 / 3600 + "h";
    }

    private static String millis(double value) {
        return value == 0 ? "-" : String.format(Locale.ROOT, value < 10 ? "%.2f ms" : "%.0f ms", value);
    }

    private static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }
}
