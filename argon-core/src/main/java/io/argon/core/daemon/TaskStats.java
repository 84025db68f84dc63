package io.argon.core.daemon;

import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Message;
import io.argon.protocol.Rejected;
import io.argon.protocol.Result;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What became of the tasks a daemon took in: how many were answered with a result, with each
 * kind of error, or rejected, and how many were dropped because their client went away first;
 * for those that started, how long they waited and how long they ran. The status report and
 * the metrics read it; every answer a daemon sends to a task is counted here, through
 * {@link Submission}.
 *
 * <p>Confined to the daemon's event loop, like the tasks it counts: the metrics endpoint is
 * served on the same loop, so no reading races a write.
 */
public final class TaskStats {
    /** Where the times of started tasks go: the metrics' histograms, or nowhere. */
    public interface Timings {
        Timings NONE = (waitedNanos, ranNanos) -> { };

        /** A task that started and has been answered waited {@code waitedNanos} to start, then ran for {@code ranNanos}. */
        void record(long waitedNanos, long ranNanos);
    }

    public static final String RESULT = "result";
    public static final String REJECTED = "rejected";
    public static final String DROPPED = "dropped";
    /** Every outcome, as the status report and the metrics name them: the three above, then each error kind. */
    public static final List<String> OUTCOMES;
    private static final Map<String, Integer> INDEX;
    private static final int FIRST_ERROR = 3;

    static {
        List<String> outcomes = new ArrayList<>(List.of(RESULT, REJECTED, DROPPED));
        for (ErrorKind kind : ErrorKind.values()) {
            outcomes.add(kind.wireName());
        }
        OUTCOMES = Collections.unmodifiableList(outcomes);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            index.put(outcomes.get(i), i);
        }
        INDEX = Map.copyOf(index);
    }

    private final long[] counts = new long[OUTCOMES.size()];
    private Timings timings = Timings.NONE;

    /** Sends the times of started tasks to {@code timings} from now on. */
    public void timings(Timings timings) {
        this.timings = timings;
    }

    /** Counts an answer sent to a task: a result, an error or a rejection. */
    public void answered(Message reply) {
        if (reply instanceof Result) {
            counts[0]++;
        } else if (reply instanceof Rejected) {
            counts[1]++;
        } else if (reply instanceof Failure failure) {
            counts[FIRST_ERROR + failure.kind().ordinal()]++;
        }
    }

    /** Counts a task that ended without an answer: its client went away before it started. */
    public void dropped() {
        counts[2]++;
    }

    /** A task that started has been answered: it waited {@code waitedNanos}, then ran for {@code ranNanos}. */
    public void ran(long waitedNanos, long ranNanos) {
        timings.record(waitedNanos, ranNanos);
    }

    /** How many tasks had {@code outcome}, one of {@link #OUTCOMES}. */
    public long count(String outcome) {
        Integer index = INDEX.get(outcome);
        if (index == null) {
            throw new IllegalArgumentException("no outcome '" + outcome + "'; known: " + OUTCOMES);
        }
        return counts[index];
    }

    /** Every outcome's count, in the order of {@link #OUTCOMES}. */
    public Map<String, Long> counts() {
        Map<String, Long> all = new LinkedHashMap<>();
        for (int i = 0; i < counts.length; i++) {
            all.put(OUTCOMES.get(i), counts[i]);
        }
        return all;
    }

    /** Tasks answered or dropped so far. */
    public long total() {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        return total;
    }
}
