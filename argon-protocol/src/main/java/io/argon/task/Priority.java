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
        switch (name) { // the names as written, without a copy in upper case for each message
            case "max":
                return MAX;
            case "high":
                return HIGH;
            case "normal":
                return NORMAL;
            case "low":
                return LOW;
            case "min":
                return MIN;
            default:
                break;
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown priority '" + name + "' (expected max, high, normal, low or min)");
        }
    }
}
