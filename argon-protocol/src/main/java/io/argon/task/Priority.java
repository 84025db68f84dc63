package io.argon.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How urgently a task wants a worker. Queues serve higher priorities first, FIFO within one. */
public enum Priority {
    MAX, HIGH, NORMAL, LOW, MIN;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Priority fromWire(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown priority '" + name + "' (expected max, high, normal, low or min)");
        }
    }
}
