package io.argon.core.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.argon.core.Priority;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Reads and writes messages with Jackson's streaming API. Every hop of every task goes through
 * here (client, manager, node, worker), so it reads fields in one pass, in any order, and
 * copies params and results as raw bytes instead of going through data binding and trees.
 */
final class MessageJson {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();

    private MessageJson() {
    }

    /** The fields any message may carry; each kind uses some of them. */
    private static final class Fields {
        String type;
        String id;
        String className;
        RawJson params;
        Priority priority;
        boolean idempotent;
        RawJson result;
        boolean hasResult;
        ErrorKind kind;
        String message;
        String exception;
        String stack;
        String reason;
        String address;
        int workers;
        int worker;
        long pid;
        RawJson report;
        long timeoutMillis;
        int maxAttempts;
        boolean ifNotStarted;
        int maxFrameBytes;
    }

    static Message read(byte[] payload) throws IOException {
        Fields f = new Fields();
        try (JsonParser p = JSON.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed(ErrorKind.BAD_FRAME, null, "frame is not a JSON object", null);
            }
            try {
                readFields(p, payload, f);
            } catch (IllegalArgumentException e) {
                throw malformed(ErrorKind.BAD_REQUEST, f.id, "invalid '" + f.type + "' message: " + e.getMessage(), e);
            }
            if (p.nextToken() != null) {
                throw malformed(ErrorKind.BAD_FRAME, f.id, "frame holds more than one JSON value", null);
            }
        } catch (MalformedMessageException e) {
            throw e;
        } catch (IOException e) {
            throw malformed(ErrorKind.BAD_FRAME, f.id, "frame is not valid JSON: " + firstLine(e.getMessage()), e);
        }
        if (f.type == null) {
            throw malformed(ErrorKind.UNKNOWN_MESSAGE, f.id, "message has no 'type'", null);
        }
        try {
            return build(f);
        } catch (IllegalArgumentException e) {
            throw malformed(ErrorKind.BAD_REQUEST, f.id, "invalid '" + f.type + "' message: " + e.getMessage(), e);
        }
    }

    private static void readFields(JsonParser p, byte[] payload, Fields f) throws IOException {
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "type" -> f.type = text(p, value, name);
                case "id" -> f.id = text(p, value, name);
                case "class" -> f.className = text(p, value, name);
                case "params" -> f.params = raw(p, payload, value);
                case "priority" -> f.priority = value == JsonToken.VALUE_NULL ? null : Priority.fromWire(text(p, value, name));
                case "idempotent" -> f.idempotent = value == JsonToken.VALUE_TRUE;
                case "result" -> {
                    f.result = raw(p, payload, value);
                    f.hasResult = true;
                }
                case "kind" -> f.kind = errorKind(text(p, value, name));
                case "message" -> f.message = text(p, value, name);
                case "exception" -> f.exception = text(p, value, name);
                case "stack" -> f.stack = text(p, value, name);
                case "reason" -> f.reason = text(p, value, name);
                case "address" -> f.address = text(p, value, name);
                case "workers" -> f.workers = number(p, value, name);
                case "worker" -> f.worker = number(p, value, name);
                case "pid" -> f.pid = value.isNumeric() ? p.getLongValue() : number(p, value, name);
                case "report" -> f.report = raw(p, payload, value);
                case "timeout_ms" -> f.timeoutMillis = positiveLong(p, value, name);
                case "max_attempts" -> f.maxAttempts = positive(p, value, name);
                case "if_not_started" -> f.ifNotStarted = value == JsonToken.VALUE_TRUE;
                case "max_frame_bytes" -> f.maxFrameBytes = positive(p, value, name);
                default -> p.skipChildren(); // a field from a newer peer
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IOException("unexpected " + token);
        }
    }

    private static Message build(Fields f) throws MalformedMessageException {
        return switch (f.type) {
            case "submit" -> new Submit(f.id, f.className, f.params, f.priority, f.idempotent, f.timeoutMillis, f.maxAttempts);
            case "result" -> new Result(f.id, f.result);
            case "error" -> new Failure(f.id, f.kind, f.message, f.exception, f.stack);
            case "rejected" -> new Rejected(f.id, f.reason);
            case "ping" -> new Ping(f.id);
            case "pong" -> new Pong(f.id);
            case "register" -> new Register(f.id, f.address, f.workers);
            case "registered" -> new Registered(f.id, f.maxFrameBytes);
            case "hello" -> new Hello(f.id, f.worker, f.pid);
            case "status" -> new Status(f.id);
            case "status_report" -> new StatusReport(f.id, f.report);
            case "cancel" -> new Cancel(f.id, f.ifNotStarted);
            case "leaving" -> new Leaving(f.id);
            default -> throw malformed(ErrorKind.UNKNOWN_MESSAGE, f.id, "unknown message type '" + f.type + "'", null);
        };
    }

    /** A value is copied out of the payload as it is, from its first byte to its last. */
    private static RawJson raw(JsonParser p, byte[] payload, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return RawJson.NULL;
        }
        long start = p.currentTokenLocation().getByteOffset();
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            p.skipChildren();
        } else if (value == JsonToken.VALUE_STRING) {
            p.getTextLength(); // the parser reads a string's characters only when asked to
        }
        long end = p.currentLocation().getByteOffset();
        return RawJson.wrap(Arrays.copyOfRange(payload, (int) start, (int) end));
    }

    private static String text(JsonParser p, JsonToken value, String field) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!value.isScalarValue()) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return p.getText();
    }

    private static int number(JsonParser p, JsonToken value, String field) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException("'" + field + "' must be an integer");
        }
        return p.getIntValue();
    }

    /** A number that must be at least 1 when present; null counts as absent. */
    private static int positive(JsonParser p, JsonToken value, String field) throws IOException {
        long n = positiveLong(p, value, field);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("'" + field + "' is too large: " + n);
        }
        return (int) n;
    }

    private static long positiveLong(JsonParser p, JsonToken value, String field) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER || p.getLongValue() < 1) {
            throw new IllegalArgumentException("'" + field + "' must be a whole number of at least 1");
        }
        return p.getLongValue();
    }

    private static ErrorKind errorKind(String wireName) {
        for (ErrorKind kind : ErrorKind.values()) {
            if (kind.wireName().equals(wireName)) {
                return kind;
            }
        }
        return ErrorKind.INTERNAL; // a kind from a newer peer
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
            } else if (message instanceof Failure e) {
                g.writeStringField("kind", e.kind().wireName());
                g.writeStringField("message", e.message());
                optional(g, "exception", e.exception());
                optional(g, "stack", e.stack());
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
            }
            g.writeEndObject();
        }
    }

    private static void optional(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }

    private static MalformedMessageException malformed(ErrorKind kind, String id, String message, Throwable cause) {
        return new MalformedMessageException(kind, id, message, cause);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
