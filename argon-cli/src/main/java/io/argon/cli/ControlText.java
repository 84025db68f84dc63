package io.argon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.core.Plural;
import java.util.ArrayList;
import java.util.List;

/**
 * What a daemon reports after a reload, a drain or an undrain, as a line a person reads: the
 * address asked, then what was done (on each node, for a manager). Fields the report lacks are
 * left out, so a newer or older daemon's report still prints.
 */
final class ControlText {
    private ControlText() {
    }

    /** @param line the report, with the {@code address} it came from */
    static String render(JsonNode line) {
        String address = line.path("address").asText();
        JsonNode nodes = line.path("nodes");
        if (nodes.isArray()) {
            List<String> each = new ArrayList<>();
            nodes.forEach(node -> each.add(node.path("address").asText() + " " + outcome(line.path("action").asText(), node)));
            String verb = past(line.path("action").asText());
            return address + ": " + (nodes.size() == 1 ? "node " + each.get(0)
                    : verb + " " + Plural.of(nodes.size(), "node") + (each.isEmpty() ? "" : ": " + String.join("; ", each)));
        }
        return address + ": " + outcome(line.path("action").asText(), line);
    }

    /** What one daemon's report says was done. */
    private static String outcome(String action, JsonNode report) {
        if (report.has("skipped")) {
            return "skipped (" + report.path("skipped").asText() + ")";
        }
        return switch (action) {
            case "reload" -> "reloaded, " + Plural.of(report.path("workers_replaced").asInt(), "worker") + " replaced";
            case "drain" -> "drained: it takes no new task and holds none now";
            case "undrain" -> report.path("was_drained").asBoolean(true) ? "undrained: it takes tasks again"
                    : "was not drained; it takes tasks";
            default -> action + " done: " + report;
        };
    }

    private static String past(String action) {
        return switch (action) {
            case "reload" -> "reloaded";
            case "drain" -> "drained";
            case "undrain" -> "undrained";
            default -> action + " done on";
        };
    }
}
