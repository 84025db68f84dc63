package io.argon.protocol;

/**
 * The answer to a {@link Status}: a JSON object whose fields depend on who answers (see
 * docs/PROTOCOL.md). It is answered at once, however busy the daemon's workers and queue.
 */
public record StatusReport(String id, RawJson report) implements Message {
    public StatusReport {
        Messages.requireId(id);
        if (report == null || !report.isObject()) {
            throw new IllegalArgumentException("status_report needs a 'report' object");
        }
    }
}
