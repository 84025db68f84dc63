package io.argon.protocol;

/**
 * The answer to a {@link Tasks}: {@code {"tasks": [...], "kept": n, "max": n, "dropped": n}} for
 * a search, or one task's object for a {@code seq} (see docs/HISTORY.md and docs/HTTP.md, whose
 * {@code /api/tasks} answers the same).
 */
public record TasksReport(String id, RawJson report) implements Message {
    /** Checks the id, and that the report is an object. */
    public TasksReport {
        Messages.requireId(id);
        if (report == null || !report.isObject()) {
            throw new IllegalArgumentException("tasks_report needs a 'report' object");
        }
    }
}
