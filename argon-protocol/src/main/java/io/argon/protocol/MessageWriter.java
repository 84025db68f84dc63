package io.argon.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;

/**
 * Writes messages with Jackson's streaming API. Every hop of every task goes through here, so
 * params and results are written as the raw bytes they came as, without data binding or trees.
 * {@link MessageReader} reads them.
 */
final class MessageWriter {
    private static final JsonFactory JSON = new JsonFactory();

    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private MessageWriter() {
    }

    static void write(Message message, OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", Messages.typeOf(message));
            if (message.id() != null) {
                g.writeStringField("id", message.id());
            }
            if (message instanceof Submit s) {
                g.writeStringField("class", s.className());
                if (s.params() != null) {
                    g.writeFieldName("params");
                    s.params().writeTo(g);
                }
                g.writeStringField("priority", s.priority().wireName());
                if (s.idempotent()) {
                    g.writeBooleanField("idempotent", true);
                }
                if (s.timeoutMillis() > 0) {
                    g.writeNumberField("timeout_ms", s.timeoutMillis());
                }
                if (s.maxAttempts() > 0) {
                    g.writeNumberField("max_attempts", s.maxAttempts());
                }
            } else if (message instanceof Result r) {
                g.writeFieldName("result");
                r.result().writeTo(g);
                if (r.runNanos() > 0) {
                    g.writeNumberField("run_ns", r.runNanos());
                }
            } else if (message instanceof Failure e) {
                g.writeStringField("kind", e.kind().wireName());
                g.writeStringField("message", e.message());
                optional(g, "exception", e.exception());
                optional(g, "stack", e.stack());
                if (e.runNanos() > 0) {
                    g.writeNumberField("run_ns", e.runNanos());
                }
            } else if (message instanceof Rejected r) {
                optional(g, "reason", r.reason());
            } else if (message instanceof Register r) {
                g.writeStringField("address", r.address());
                g.writeNumberField("workers", r.workers());
            } else if (message instanceof Hello h) {
                g.writeNumberField("worker", h.worker());
                g.writeNumberField("pid", h.pid());
            } else if (message instanceof StatusReport r) {
                g.writeFieldName("report");
                r.report().writeTo(g);
            } else if (message instanceof Registered r && r.maxFrameBytes() > 0) {
                g.writeNumberField("max_frame_bytes", r.maxFrameBytes());
            } else if (message instanceof Cancel c && c.ifNotStarted()) {
                g.writeBooleanField("if_not_started", true);
            } else if (message instanceof Challenge c) {
                g.writeStringField("nonce", BASE64.encodeToString(c.nonce()));
            } else if (message instanceof Auth a) {
                g.writeStringField("nonce", BASE64.encodeToString(a.nonce()));
                g.writeStringField("proof", BASE64.encodeToString(a.proof()));
            } else if (message instanceof Authenticated a) {
                g.writeStringField("proof", BASE64.encodeToString(a.proof()));
            } else if (message instanceof Control c) {
                g.writeStringField("action", c.action().wireName());
                optional(g, "node", c.node());
            } else if (message instanceof Leaving l && l.drain()) {
                g.writeBooleanField("drain", true);
            } else if (message instanceof Done d) {
                g.writeFieldName("report");
                d.report().writeTo(g);
            } else if (message instanceof Tasks t) {
                optional(g, "task", t.task());
                optional(g, "class", t.taskClass());
                optional(g, "outcome", t.outcome());
                if (t.limit() > 0) {
                    g.writeNumberField("limit", t.limit());
                }
                if (t.seq() > 0) {
                    g.writeNumberField("seq", t.seq());
                }
            } else if (message instanceof TasksReport r) {
                g.writeFieldName("report");
                r.report().writeTo(g);
            }
            g.writeEndObject();
        }
    }

    private static void optional(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }
}
