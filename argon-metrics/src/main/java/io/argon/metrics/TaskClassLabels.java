package io.argon.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Which task classes have a label value of their own, and what each label value holds (its
 * meters): at most {@code limit} classes, the first to {@link #claim} one, so that the label
 * values, and with them the time series, stay bounded however many classes clients name.
 * Every other class shares {@link #OTHER}. Which tasks may claim is the caller's policy.
 * Confined to the daemon's loop, like the tasks it labels.
 *
 * @param <T> what a label value holds
 */
final class TaskClassLabels<T> {
    /** The label value of the classes that have none of their own. */
    static final String OTHER = "other";

    private final int limit;
    private final Function<String, T> create;
    private final Map<String, T> byClass = new HashMap<>();
    private T other;

    /** @param create makes what a label value holds, given the value, when it is first needed */
    TaskClassLabels(int limit, Function<String, T> create) {
        this.limit = limit;
        this.create = create;
    }

    /** What {@code taskClass}'s label value holds: its own if it has one, else {@link #OTHER}'s. */
    T of(String taskClass) {
        T own = byClass.get(taskClass);
        return own != null ? own : other();
    }

    /** As {@link #of}, but a class without a label value of its own gets one while fewer than the limit have one. */
    T claim(String taskClass) {
        T own = byClass.get(taskClass);
        if (own != null) {
            return own;
        }
        if (byClass.size() >= limit) {
            return other();
        }
        own = create.apply(taskClass);
        byClass.put(taskClass, own);
        return own;
    }

    private T other() {
        if (other == null) {
            other = create.apply(OTHER);
        }
        return other;
    }
}
