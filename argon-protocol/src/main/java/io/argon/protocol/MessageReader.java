package io.argon.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.argon.task.Priority;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads a frame's JSON into a message, strictly, in one pass with Jackson's streaming API:
 * every hop of every task comes through here.
 *
 * <p>First the top-level object is read whole: each field a message may use is kept with the
 * JSON type it came as, every other field (and every value nested inside another) is skipped,
 * so a nested {@code id} is never taken for the request's. Only then, knowing the {@code type},
 * is each field the message uses checked for its one JSON type; anything else is a
 * {@code bad_request} naming the field, never a conversion. An error carries the request's id
 * whenever the top level holds one that is a string of 1 to 256 characters, wherever it stands.
 * Only a payload that is not a JSON object is a {@code bad_frame}. Params, results and
 * reports are copied out as the bytes they came as (see {@link RawJson}).
 */
final class MessageReader {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();

    // The fields some message uses, by index.
    private static final int TYPE = 0;
    private static final int ID = 1;
    private static final int CLASS = 2;
    private static final int PARAMS = 3;
    private static final int PRIORITY = 4;
    private static final int IDEMPOTENT = 5;
    private static final int TIMEOUT_MS = 6;
    private static final int MAX_ATTEMPTS = 7;
    private static final int RESULT = 8;
    private static final int KIND = 9;
    private static final int MESSAGE = 10;
    private static final int EXCEPTION = 11;
    private static final int STACK = 12;
    private static final int REASON = 13;
    private static final int ADDRESS = 14;
    private static final int WORKERS = 15;
    private static final int WORKER = 16;
    private static final int PID = 17;
    private static final int REPORT = 18;
    private static final int IF_NOT_STARTED = 19;
    private static final int MAX_FRAME_BYTES = 20;
    private static final int NONCE = 21;
    private static final int PROOF = 22;
    private static final int ACTION = 23;
    private static final int NODE = 24;
    private static final int DRAIN = 25;
    private static final int TASK = 26;
    private static final int OUTCOME = 27;
    private static final int LIMIT = 28;
    private static final int SEQ = 29;
    private static final int RUN_NS = 30;
    private static final String[] NAMES = {
        "type", "id", "class", "params", "priority", "idempotent", "timeout_ms", "max_attempts", "result", "kind",
        "message", "exception", "stack", "reason", "address", "workers", "worker", "pid", "report", "if_not_started",
        "max_frame_bytes", "nonce", "proof", "action", "node", "drain", "task", "outcome", "limit", "seq", "run_ns",
    };
    /** Fields whose value is kept as raw JSON bytes whatever it is. */
    private static final boolean[] RAW = new boolean[NAMES.length];

    static {
        RAW[PARAMS] = true;
        RAW[RESULT] = true;
        RAW[REPORT] = true;
    }

    /** Where Jackson says a structure started: "(start marker at [Source: ...; line: 1, column: 1])". */
    private static final Pattern PARSER_LOCATION = Pattern.compile("\\s*\\([^()]*\\[Source:[^\\]]*\\][^()]*\\)");

    /** A JSON whole number too large for a long. */
    private static final Object TOO_LARGE = new Object();

    private MessageReader() {
    }

    /** The top-level fields of one frame, each with the JSON type it came as. */
    private static final class Fields {
        final JsonToken[] tokens = new JsonToken[NAMES.length];
        /** A String, a Long, a Boolean, a RawJson, TOO_LARGE or null, as the token says. */
        final Object[] values = new Object[NAMES.length];
        /** Fields given more than once: an error if the message uses them, ignored if not. */
        final boolean[] duplicated = new boolean[NAMES.length];

        boolean has(int field) {
            return tokens[field] != null && tokens[field] != JsonToken.VALUE_NULL;
        }

        /** The request's id, if the top level holds a usable one; what every error is sent under. */
        String readableId() {
            if (tokens[ID] != JsonToken.VALUE_STRING || duplicated[ID]) {
                return null;
            }
            String id = (String) values[ID];
            return id.isEmpty() || id.length() > Messages.MAX_ID_LENGTH ? null : id;
        }
    }

    static Message read(byte[] payload) throws MalformedMessageException {
        Fields f = new Fields();
        try (JsonParser p = JSON.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed(ErrorKind.BAD_FRAME, null, "frame is not a JSON object", null);
            }
            readFields(p, payload, f);
            if (p.nextToken() != null) {
                throw malformed(ErrorKind.BAD_FRAME, null, "frame holds more than one JSON value", null);
            }
        } catch (MalformedMessageException e) {
            throw e;
        } catch (StreamConstraintsException e) {
            // Valid JSON, but past what a frame may hold (nesting depth, number length).
            throw malformed(ErrorKind.BAD_REQUEST, null, "frame exceeds a limit: " + firstLine(e.getOriginalMessage()), e);
        } catch (JsonProcessingException e) {
            throw malformed(ErrorKind.BAD_FRAME, null, "frame is not valid JSON: " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw malformed(ErrorKind.BAD_FRAME, null, "frame is not valid JSON: " + firstLine(e.getMessage()), e);
        }
        String id = f.readableId();
        if (!f.has(TYPE)) {
            throw malformed(ErrorKind.UNKNOWN_MESSAGE, id, "message has no 'type'", null);
        }
        if (f.tokens[TYPE] != JsonToken.VALUE_STRING) {
            throw malformed(ErrorKind.UNKNOWN_MESSAGE, id, "'type' must be a string, got " + describe(f.tokens[TYPE]), null);
        }
        try {
            return build(f, text(f, TYPE, true));
        } catch (IllegalArgumentException e) {
            throw malformed(ErrorKind.BAD_REQUEST, id, "invalid '" + typeName(f) + "' message: " + e.getMessage(), e);
        }
    }

    private static void readFields(JsonParser p, byte[] payload, Fields f) throws IOException {
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
            int field = fieldIndex(p.currentName());
            JsonToken value = p.nextToken();
            if (field < 0) {
                p.skipChildren(); // a field this side does not use, whatever it holds
                continue;
            }
            if (f.tokens[field] != null) {
                f.duplicated[field] = true;
            }
            f.tokens[field] = value;
            f.values[field] = RAW[field] ? raw(p, payload, value) : scalar(p, value);
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IOException("unexpected " + token);
        }
    }

    private static int fieldIndex(String name) {
        return switch (name) {
            case "type" -> TYPE;
            case "id" -> ID;
            case "class" -> CLASS;
            case "params" -> PARAMS;
            case "priority" -> PRIORITY;
            case "idempotent" -> IDEMPOTENT;
            case "timeout_ms" -> TIMEOUT_MS;
            case "max_attempts" -> MAX_ATTEMPTS;
            case "result" -> RESULT;
            case "kind" -> KIND;
            case "message" -> MESSAGE;
            case "exception" -> EXCEPTION;
            case "stack" -> STACK;
            case "reason" -> REASON;
            case "address" -> ADDRESS;
            case "workers" -> WORKERS;
            case "worker" -> WORKER;
            case "pid" -> PID;
            case "report" -> REPORT;
            case "if_not_started" -> IF_NOT_STARTED;
            case "max_frame_bytes" -> MAX_FRAME_BYTES;
            case "nonce" -> NONCE;
            case "proof" -> PROOF;
            case "action" -> ACTION;
            case "node" -> NODE;
            case "drain" -> DRAIN;
            case "task" -> TASK;
            case "outcome" -> OUTCOME;
            case "limit" -> LIMIT;
            case "seq" -> SEQ;
            case "run_ns" -> RUN_NS;
            default -> -1;
        };
    }

    /** A scalar's value; an object or array is skipped and kept only as its type. */
    private static Object scalar(JsonParser p, JsonToken value) throws IOException {
        switch (value) {
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? TOO_LARGE : p.getLongValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case START_OBJECT:
            case START_ARRAY:
                p.skipChildren();
                return null;
            default:
                return null;
        }
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

    private static Message build(Fields f, String type) throws MalformedMessageException {
        return switch (type) {
            case "submit" -> new Submit(id(f), text(f, CLASS, false), object(f, PARAMS), priority(f), bool(f, IDEMPOTENT),
                    whole(f, TIMEOUT_MS, 1, Long.MAX_VALUE), (int) whole(f, MAX_ATTEMPTS, 1, Integer.MAX_VALUE));
            case "result" -> new Result(id(f), any(f, RESULT), whole(f, RUN_NS, 0, Long.MAX_VALUE));
            case "error" -> new Failure(f.has(ID) ? id(f) : null, errorKind(text(f, KIND, false)), text(f, MESSAGE, false),
                    text(f, EXCEPTION, false), text(f, STACK, false), whole(f, RUN_NS, 0, Long.MAX_VALUE));
            case "rejected" -> new Rejected(id(f), text(f, REASON, false));
            case "ping" -> new Ping(id(f));
            case "pong" -> new Pong(id(f));
            case "register" -> new Register(id(f), text(f, ADDRESS, false), (int) whole(f, WORKERS, 1, Integer.MAX_VALUE));
            case "registered" -> new Registered(id(f), (int) whole(f, MAX_FRAME_BYTES, 1, Integer.MAX_VALUE));
            case "hello" -> new Hello(id(f), (int) whole(f, WORKER, 0, Integer.MAX_VALUE), whole(f, PID, 0, Long.MAX_VALUE));
            case "status" -> new Status(id(f));
            case "status_report" -> new StatusReport(id(f), object(f, REPORT));
            case "cancel" -> new Cancel(id(f), bool(f, IF_NOT_STARTED));
            case "leaving" -> new Leaving(id(f), bool(f, DRAIN));
            case "challenge" -> new Challenge(id(f), base64(f, NONCE));
            case "auth" -> new Auth(id(f), base64(f, NONCE), base64(f, PROOF));
            case "authenticated" -> new Authenticated(id(f), base64(f, PROOF));
            case "control" -> new Control(id(f), action(f), text(f, NODE, false));
            case "done" -> new Done(id(f), object(f, REPORT));
            case "tasks" -> new Tasks(id(f), text(f, TASK, false), text(f, CLASS, false), text(f, OUTCOME, false),
                    (int) whole(f, LIMIT, 0, Integer.MAX_VALUE), whole(f, SEQ, 0, Long.MAX_VALUE));
            case "tasks_report" -> new TasksReport(id(f), object(f, REPORT));
            default -> throw malformed(ErrorKind.UNKNOWN_MESSAGE, f.readableId(), "unknown message type '" + type + "'", null);
        };
    }

    // ---- each field's one JSON type ----

    /** A field the message uses may be given once only: which value would count? */
    private static void once(Fields f, int field) {
        if (f.duplicated[field]) {
            throw new IllegalArgumentException("'" + NAMES[field] + "' is given more than once");
        }
    }

    private static String id(Fields f) {
        once(f, ID);
        if (!f.has(ID)) {
            throw new IllegalArgumentException("message needs an 'id'");
        }
        if (f.tokens[ID] != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("'id' must be a string, got " + describe(f.tokens[ID]));
        }
        String id = (String) f.values[ID];
        Messages.requireId(id);
        return id;
    }

    /** A string field; absent or null is null, or an error when {@code required}. */
    private static String text(Fields f, int field, boolean required) {
        once(f, field);
        if (!f.has(field)) {
            if (required) {
                throw new IllegalArgumentException("needs a '" + NAMES[field] + "'");
            }
            return null;
        }
        if (f.tokens[field] != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("'" + NAMES[field] + "' must be a string, got " + describe(f.tokens[field]));
        }
        return (String) f.values[field];
    }

    /** A boolean field; absent or null is false. */
    private static boolean bool(Fields f, int field) {
        once(f, field);
        if (!f.has(field)) {
            return false;
        }
        if (f.tokens[field] != JsonToken.VALUE_TRUE && f.tokens[field] != JsonToken.VALUE_FALSE) {
            throw new IllegalArgumentException("'" + NAMES[field] + "' must be true or false, got " + describe(f.tokens[field]));
        }
        return (Boolean) f.values[field];
    }

    /** A whole-number field between {@code min} and {@code max}; absent or null is 0. */
    private static long whole(Fields f, int field, long min, long max) {
        once(f, field);
        if (!f.has(field)) {
            return 0;
        }
        Object value = f.values[field];
        if (f.tokens[field] != JsonToken.VALUE_NUMBER_INT || value == TOO_LARGE || (Long) value < min || (Long) value > max) {
            throw new IllegalArgumentException("'" + NAMES[field] + "' must be a whole number from " + min + " to " + max
                    + ", got " + (f.tokens[field] == JsonToken.VALUE_NUMBER_INT && value != TOO_LARGE ? value : describe(f.tokens[field])));
        }
        return (Long) value;
    }

    /** An object field, kept as its bytes; absent or null is null. */
    private static RawJson object(Fields f, int field) {
        once(f, field);
        if (!f.has(field)) {
            return null;
        }
        if (f.tokens[field] != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("'" + NAMES[field] + "' must be a JSON object, got " + describe(f.tokens[field]));
        }
        return (RawJson) f.values[field];
    }

    /** A field that may hold any JSON value, kept as its bytes; absent is JSON null. */
    private static RawJson any(Fields f, int field) {
        once(f, field);
        return f.has(field) ? (RawJson) f.values[field] : RawJson.NULL;
    }

    private static Priority priority(Fields f) {
        String name = text(f, PRIORITY, false);
        return name == null ? null : Priority.fromWire(name);
    }

    private static Control.Action action(Fields f) {
        return Control.Action.fromWire(text(f, ACTION, true));
    }

    private static byte[] base64(Fields f, int field) {
        String text = text(f, field, true);
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + NAMES[field] + "' must be base64 (RFC 4648, with padding)");
        }
    }

    private static ErrorKind errorKind(String wireName) {
        if (wireName == null) {
            return null;
        }
        for (ErrorKind kind : ErrorKind.values()) {
            if (kind.wireName().equals(wireName)) {
                return kind;
            }
        }
        return ErrorKind.INTERNAL; // a kind from a newer peer
    }

    /** What a value was, in plain words, for an error message. */
    private static String describe(JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "a whole number";
            case VALUE_NUMBER_FLOAT -> "a number with a fraction";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> token.name().toLowerCase(Locale.ROOT);
        };
    }

    private static String typeName(Fields f) {
        return f.tokens[TYPE] == JsonToken.VALUE_STRING ? (String) f.values[TYPE] : "?";
    }

    private static MalformedMessageException malformed(ErrorKind kind, String id, String message, Throwable cause) {
        return new MalformedMessageException(kind, id, message, cause);
    }

    /** The first line of a parser's message, without the parser's notes on where it was. */
    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return PARSER_LOCATION.matcher(line).replaceAll("");
    }
}
