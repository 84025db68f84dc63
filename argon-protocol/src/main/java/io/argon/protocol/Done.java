package io.argon.protocol;

/** The answer to a {@link Control} that was carried out; {@code report} says what was done (a JSON object). */
public record Done(String id, RawJson report) implements Message {
    public Done {
        Messages.requireId(id);
        if (report == null || !report.isObject()) {
            throw new IllegalArgumentException("done needs a 'report' object");
        }
    }
}
