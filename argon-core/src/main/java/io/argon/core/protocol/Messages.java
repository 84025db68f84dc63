package io.argon.core.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one JSON configuration every Argon process uses for messages. */
public final class Messages {
    /** Default limit on a frame's JSON payload, in bytes. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
    public static final int MAX_ID_LENGTH = 256;

    /** Lenient about unknown fields and enum values, so newer peers can add them. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    public static final ObjectReader READER = MAPPER.readerFor(Message.class);
    public static final ObjectWriter WRITER = MAPPER.writerFor(Message.class);

    private Messages() {
    }

    /** The wire name of a message's kind, e.g. "submit" or "error". */
    public static String typeOf(Message message) {
        for (JsonSubTypes.Type type : Message.class.getAnnotation(JsonSubTypes.class).value()) {
            if (type.value() == message.getClass()) {
                return type.name();
            }
        }
        throw new IllegalArgumentException("not a protocol message: " + message.getClass());
    }

    static void requireId(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("message needs an 'id'");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("'id' is longer than " + MAX_ID_LENGTH + " characters");
        }
    }
}
