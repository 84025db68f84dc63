package io.argon.web;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What {@code /readyz} answers, read from the daemon's status report: a node is ready when it
 * is not draining and at least one worker is up; a manager when it is not draining and at least
 * one registered node takes tasks (not leaving, not drained).
 */
final class Readiness {
    private Readiness() {
    }

    /** Why the daemon is not ready, or null when it is. */
    static String notReady(JsonNode report) {
        if (report.path("draining").asBoolean()) {
            return "draining: it takes no new tasks";
        }
        if ("manager".equals(report.path("role").asText())) {
            int taking = 0;
            for (JsonNode node : report.path("nodes")) {
                if (!node.path("leaving").asBoolean() && !node.path("drained").asBoolean()) {
                    taking++;
                }
            }
            return taking > 0 ? null : report.path("nodes").isEmpty() ? "no node is registered" : "no registered node takes tasks";
        }
        return report.path("busy").asInt() + report.path("idle").asInt() > 0 ? null : "no worker is up yet";
    }
}
