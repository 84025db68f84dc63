package io.argon.core.fuzz;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded source of frame payloads that a well-behaved peer never sends: valid messages of
 * every kind, the same with a field of every wrong JSON type, ids nested where they do not
 * belong, duplicate keys, deep nesting, huge numbers, invalid UTF-8, random JSON that is not an
 * object, and byte-level mutations of all of these. The same seed gives the same frames.
 *
 * <p>{@link #readableId} is the oracle: the id a daemon must answer a frame under, worked out
 * with nothing but a plain JSON parser.
 */
public final class FrameFuzzer {
    /** Raise these from the command line for long runs, e.g. {@code -Dargon.fuzz.frames=1000000}. */
    public static long seed(long fallback) {
        return Long.getLong("argon.fuzz.seed", fallback);
    }

    public static int frames(int fallback) {
        return Integer.getInteger("argon.fuzz.frames", fallback);
    }

    private static final String[] TYPES = {
        "submit", "result", "error", "rejected", "ping", "pong", "register", "registered", "hello", "status",
        "status_report", "cancel", "leaving", "challenge", "auth", "authenticated", "control", "done",
    };
    private static final String[] FIELDS = {
        "type", "id", "class", "params", "priority", "idempotent", "timeout_ms", "max_attempts", "result", "kind",
        "message", "exception", "stack", "reason", "address", "workers", "worker", "pid", "report", "if_not_started",
        "max_frame_bytes", "nonce", "proof", "action", "other",
    };
    private static final JsonFactory PLAIN = new JsonFactory();

    private final SplittableRandom random;

    public FrameFuzzer(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The next payload (the JSON of one frame, or bytes that try to pass for it). */
    public byte[] next() {
        byte[] payload = switch (random.nextInt(10)) {
            case 0, 1, 2 -> utf8(validMessage());
            case 3, 4 -> utf8(wrongTypes());
            case 5 -> utf8(nestedIds());
            case 6 -> utf8(randomValue(0));
            case 7 -> utf8(oddities());
            default -> mutate(utf8(random.nextBoolean() ? validMessage() : wrongTypes()));
        };
        return payload;
    }

    /** A class name that no worker has, so a fuzzed task never runs anything. */
    private static final String NO_SUCH_CLASS = "io.argon.fuzz.NoSuchTask";

    private String validMessage() {
        String type = pick(TYPES);
        StringBuilder json = new StringBuilder("{");
        field(json, "type", quote(type));
        field(json, "id", quote(id()));
        switch (type) {
            case "submit" -> {
                field(json, "class", quote(NO_SUCH_CLASS));
                if (random.nextBoolean()) {
                    field(json, "params", randomObject(2));
                }
                if (random.nextBoolean()) {
                    field(json, "priority", quote(pick(new String[] {"max", "high", "normal", "low", "min", "HIGH"})));
                }
                if (random.nextBoolean()) {
                    field(json, "idempotent", random.nextBoolean() ? "true" : "false");
                }
                if (random.nextBoolean()) {
                    field(json, "timeout_ms", Integer.toString(1 + random.nextInt(100_000)));
                }
            }
            case "register" -> {
                field(json, "address", quote("127.0.0.1:" + (1 + random.nextInt(65535))));
                field(json, "workers", Integer.toString(1 + random.nextInt(64)));
            }
            case "error" -> field(json, "kind", quote(pick(new String[] {"task_failed", "timeout", "brand_new_kind"})));
            case "result" -> field(json, "result", randomValue(2));
            case "cancel" -> field(json, "if_not_started", random.nextBoolean() ? "true" : "false");
            case "challenge", "auth", "authenticated" -> {
                field(json, "nonce", quote("AAECAw=="));
                field(json, "proof", quote("BAUGBw=="));
            }
            case "status_report", "done" -> field(json, "report", randomObject(2));
            // Never a real action: a fuzzed daemon must keep serving the real tasks the test sends.
            case "control" -> field(json, "action", quote(pick(new String[] {"reboot", "RELOAD", "", "drain ", "undrain!"})));
            default -> { }
        }
        if (random.nextInt(4) == 0) {
            field(json, "unknown_" + random.nextInt(100), randomValue(3));
        }
        return shuffleFields(json.append('}').toString());
    }

    /** A valid message with one field (the id too, sometimes) holding a value of another JSON type. */
    private String wrongTypes() {
        String type = pick(TYPES);
        StringBuilder json = new StringBuilder("{");
        field(json, "type", random.nextInt(10) == 0 ? wrongValue() : quote(type));
        field(json, "id", random.nextInt(5) == 0 ? wrongValue() : quote(id()));
        for (int i = 0; i < 1 + random.nextInt(3); i++) {
            String name = pick(FIELDS);
            if (!name.equals("type") && !name.equals("id")) {
                field(json, name, wrongValue());
            }
        }
        if (type.equals("submit") && random.nextBoolean()) {
            field(json, "class", quote(NO_SUCH_CLASS));
        }
        return shuffleFields(json.append('}').toString());
    }

    /** Ids inside other values, before and after the real one, or no real one at all. */
    private String nestedIds() {
        StringBuilder json = new StringBuilder("{");
        field(json, "type", quote(pick(TYPES)));
        field(json, pick(FIELDS.length > 2 ? Arrays.copyOfRange(FIELDS, 2, FIELDS.length) : FIELDS),
                "{\"id\":" + quote("nested-" + random.nextInt(1000)) + ",\"x\":[{\"id\":\"deeper\"}]}");
        if (random.nextBoolean()) {
            field(json, "id", quote(id()));
        }
        field(json, "other", "[\"id\",{\"id\":\"in-array\"}]");
        return shuffleFields(json.append('}').toString());
    }

    private String oddities() {
        return switch (random.nextInt(8)) {
            case 0 -> "{\"type\":\"ping\",\"id\":" + quote(id()) + ",\"deep\":" + "[".repeat(1500) + "]".repeat(1500) + "}";
            case 1 -> "{\"type\":\"submit\",\"id\":" + quote(id()) + ",\"class\":\"C\",\"timeout_ms\":1" + "0".repeat(40) + "}";
            case 2 -> "{\"type\":\"register\",\"id\":" + quote(id()) + ",\"address\":\"h:1\",\"workers\":1e400}";
            case 3 -> "{\"type\":\"ping\",\"id\":" + quote(id()) + ",\"id\":" + quote(id()) + "}";
            case 4 -> "{\"type\":\"ping\",\"id\":" + quote("x".repeat(250 + random.nextInt(20))) + "}";
            case 5 -> "{\"type\":\"ping\",\"id\":" + quote(id()) + ",\"big\":" + quote("y".repeat(random.nextInt(100_000))) + "}";
            case 6 -> "";
            default -> "{\"type\":\"ping\",\"id\":" + quote(id()) + "} trailing";
        };
    }

    /** Byte-level damage: flips, inserts, deletions, truncation, invalid UTF-8. */
    private byte[] mutate(byte[] payload) {
        byte[] bytes = payload;
        for (int i = 0; i < 1 + random.nextInt(3); i++) {
            if (bytes.length == 0) {
                return bytes;
            }
            int at = random.nextInt(bytes.length);
            bytes = switch (random.nextInt(5)) {
                case 0 -> {
                    byte[] flipped = bytes.clone();
                    flipped[at] ^= (byte) (1 << random.nextInt(8));
                    yield flipped;
                }
                case 1 -> {
                    byte[] inserted = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, inserted, 0, at);
                    inserted[at] = (byte) pick(new int[] {'"', '{', '}', '[', ']', ',', ':', '\\', 0xC3, 0xFF, 0x80, 0});
                    System.arraycopy(bytes, at, inserted, at + 1, bytes.length - at);
                    yield inserted;
                }
                case 2 -> {
                    byte[] removed = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, removed, 0, at);
                    System.arraycopy(bytes, at + 1, removed, at, bytes.length - at - 1);
                    yield removed;
                }
                case 3 -> Arrays.copyOf(bytes, at);
                default -> {
                    byte[] invalid = bytes.clone();
                    invalid[at] = (byte) 0xFE;
                    yield invalid;
                }
            };
        }
        return bytes;
    }

    // ---- values ----

    private String wrongValue() {
        return switch (random.nextInt(9)) {
            case 0 -> quote("s" + random.nextInt(100));
            case 1 -> Long.toString(random.nextLong());
            case 2 -> "1.5e" + random.nextInt(400);
            case 3 -> random.nextBoolean() ? "true" : "false";
            case 4 -> "null";
            case 5 -> "[" + quote("x") + "]";
            case 6 -> "{\"id\":" + quote("inner") + "}";
            case 7 -> "[".repeat(20) + "]".repeat(20);
            default -> "123456789012345678901234567890";
        };
    }

    private String randomValue(int depth) {
        int kind = depth > 3 ? random.nextInt(5) : random.nextInt(7);
        return switch (kind) {
            case 0 -> quote("v" + random.nextInt(1000));
            case 1 -> Integer.toString(random.nextInt());
            case 2 -> Double.toString(random.nextDouble() * 1e6);
            case 3 -> random.nextBoolean() ? "true" : "false";
            case 4 -> "null";
            case 5 -> randomObject(depth + 1);
            default -> {
                StringBuilder array = new StringBuilder("[");
                for (int i = 0; i < random.nextInt(4); i++) {
                    array.append(i > 0 ? "," : "").append(randomValue(depth + 1));
                }
                yield array.append(']').toString();
            }
        };
    }

    private String randomObject(int depth) {
        StringBuilder object = new StringBuilder("{");
        for (int i = 0; i < random.nextInt(4); i++) {
            field(object, i % 3 == 0 ? "id" : "k" + i, randomValue(depth + 1));
        }
        return object.append('}').toString();
    }

    private String id() {
        return switch (random.nextInt(6)) {
            case 0 -> "id-" + random.nextInt(1_000_000);
            case 1 -> "ünï \\ \" 🚀 " + random.nextInt(100);
            case 2 -> "";
            default -> Long.toString(random.nextLong(1_000_000_000L));
        };
    }

    /** The same object with its top-level fields in a random order: the id and type may stand anywhere. */
    private String shuffleFields(String json) {
        List<String> fields = new java.util.ArrayList<>();
        int depth = 0;
        boolean inString = false;
        int start = 1;
        for (int i = 1; i < json.length() - 1; i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                fields.add(json.substring(start, i));
                start = i + 1;
            }
        }
        if (start < json.length() - 1) {
            fields.add(json.substring(start, json.length() - 1));
        }
        for (int i = fields.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            String swap = fields.get(i);
            fields.set(i, fields.get(j));
            fields.set(j, swap);
        }
        return "{" + String.join(",", fields) + "}";
    }

    private static void field(StringBuilder json, String name, String value) {
        if (json.length() > 1) {
            json.append(',');
        }
        json.append(quote(name)).append(':').append(value);
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    private int pick(int[] options) {
        return options[random.nextInt(options.length)];
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The id a daemon must answer {@code payload} under: the top-level {@code id}, if the
     * payload is one JSON object holding exactly one {@code id} field, a string of 1 to 256
     * characters; null otherwise. Ids nested in other values do not count.
     */
    public static String readableId(byte[] payload) {
        try (JsonParser p = PLAIN.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String id = null;
            int ids = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("id")) {
                    ids++;
                    id = value == JsonToken.VALUE_STRING ? p.getText() : null;
                }
                p.skipChildren();
            }
            if (p.nextToken() != null) {
                return null;
            }
            return ids == 1 && id != null && !id.isEmpty() && id.length() <= 256 ? id : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** For an error message: the start of a payload, printable. */
    public static String show(byte[] payload) {
        String text = new String(payload, 0, Math.min(payload.length, 300), StandardCharsets.UTF_8);
        return text + (payload.length > 300 ? "... (" + payload.length + " bytes)" : "");
    }

    static List<String> types() {
        return List.of(TYPES);
    }
}
