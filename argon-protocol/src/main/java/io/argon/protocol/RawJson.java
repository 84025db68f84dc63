package io.argon.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON value kept as the UTF-8 bytes it arrived in: a task's params and its result.
 *
 * <p>Nodes and managers only pass these values along, so they copy the bytes instead of
 * building a tree and writing it out again; only the worker (which binds params to a task)
 * and the client (which reads the result) ever parse them. Immutable; do not modify the array
 * returned by {@link #utf8()}.
 */
@JsonSerialize(using = RawJson.Writer.class)
public final class RawJson {
    public static final RawJson NULL = new RawJson("null".getBytes(StandardCharsets.UTF_8));
    public static final RawJson EMPTY_OBJECT = new RawJson("{}".getBytes(StandardCharsets.UTF_8));

    private final byte[] utf8;

    private RawJson(byte[] utf8) {
        this.utf8 = utf8;
    }

    /** Wraps bytes that already hold one JSON value (not checked: use for bytes Jackson wrote). */
    public static RawJson wrap(byte[] utf8) {
        return new RawJson(utf8);
    }

    /** The JSON of a tree. */
    public static RawJson of(JsonNode tree) {
        if (tree == null || tree.isNull()) {
            return NULL;
        }
        try {
            return new RawJson(Json.MAPPER.writeValueAsBytes(tree));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the bytes as JSON text. */
    public static RawJson parse(String json) {
        try {
            return of(Json.MAPPER.readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }

    public byte[] utf8() {
        return utf8;
    }

    public JsonNode toTree() {
        try {
            return Json.MAPPER.readTree(utf8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Binds the value with {@code reader}, straight from the bytes. */
    public <T> T read(ObjectReader reader) throws IOException {
        return reader.readValue(utf8);
    }

    public boolean isObject() {
        return utf8.length > 0 && utf8[0] == '{';
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RawJson raw && Arrays.equals(utf8, raw.utf8);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(utf8);
    }

    @Override
    public String toString() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** Writes the bytes as they are, as the generator's next value. */
    public void writeTo(JsonGenerator gen) throws IOException {
        gen.writeRawValue(new Utf8(utf8));
    }

    /** Lets Jackson data binding write a RawJson too (e.g. as a client's params). */
    static final class Writer extends JsonSerializer<RawJson> {
        @Override
        public void serialize(RawJson value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            value.writeTo(gen);
        }
    }

    /** Lets a Jackson generator copy the bytes straight into its output buffer. */
    private record Utf8(byte[] bytes) implements SerializableString {
        @Override
        public String getValue() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public int charLength() {
            return getValue().length();
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return bytes;
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (offset + bytes.length > buffer.length) {
                return -1;
            }
            System.arraycopy(bytes, 0, buffer, offset, bytes.length);
            return bytes.length;
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(bytes);
            return bytes.length;
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            if (buffer.remaining() < bytes.length) {
                return -1;
            }
            buffer.put(bytes);
            return bytes.length;
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            String text = getValue();
            if (offset + text.length() > buffer.length) {
                return -1;
            }
            text.getChars(0, text.length(), buffer, offset);
            return text.length();
        }

        // A raw value is never written as a quoted string.
        @Override
        public char[] asQuotedChars() {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] asQuotedUTF8() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) {
            throw new UnsupportedOperationException();
        }
    }
}
