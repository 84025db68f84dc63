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
 * What became of the tasks a daemon took in: how many were answered with a result or with
 * each kind of error, and how many were dropped because their client went away first; for
 * those that started, how long they waited and how long they ran. Apart from those outcomes,
 * how many times a submit was turned away ({@code rejected}): a rejected task was never taken
 * in, and its client sends it again, so a rejection is a try, not a task. The status report
 * and the metrics read these; every answer a daemon sends to a task is counted here, through
 * {@link Submission}.
 *
 * <p>Confined to the daemon's event loop, like the tasks it counts: the metrics endpoint is
 * served on the same loop, so no reading races a write.
 */
public final class TaskStats {
    /**
     * Where each task's end goes as it happens, besides these counts: the metrics, or nowhere.
     * Called on the daemon's loop, once per task for {@link #ended} and then, if it started,
     * once for {@link #ran}.
     */
    public interface Recorder {
        Recorder NONE = new Recorder() {
            @Override
            public void ended(String taskClass, int outcome) {
            }

            @Override
            public void ran(String taskClass, long waitedNanos, long ranNanos) {
            }
        };

        /** A task of {@code taskClass} ended with {@code outcome}, an index into {@link #OUTCOMES}. */
        void ended(String taskClass, int outcome);

        /** A task of {@code taskClass} that started has been answered: it waited {@code waitedNanos} to start, then ran for {@code ranNanos}. */
        void ran(String taskClass, long waitedNanos, long ranNanos);
    }

    public static final String RESULT = "result";
    public static final String DROPPED = "dropped";
    /** What the status report calls the count of rejections (see {@link #rejections()}). */
    public static final String REJECTED = "rejected";
    /** Every outcome a task can have, as the status report and the metrics name them: the two above, then each error kind. */
    public static final List<String> OUTCOMES;
    private static final Map<String, Integer> INDEX;
    private static final int RESULT_INDEX = 0;
    private static final int DROPPED_INDEX = 1;
    private static final int FIRST_ERROR = 2;

    static {
        List<String> outcomes = new ArrayList<>(List.of(RESULT, DROPPED));
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
    private long rejections;
    private Recorder recorder = Recorder.NONE;

    /** The index in {@link #OUTCOMES} of an answer with an error of {@code kind}. */
    public static int outcomeOf(ErrorKind kind) {
        return FIRST_ERROR + kind.ordinal();
    }

    /** Sends each task's end and times to {@code recorder} from now on. */
    public void recorder(Recorder recorder) {
        this.recorder = recorder;
    }

    /**
     * Counts an answer sent to a task of {@code taskClass}: a result or an error ends the task;
     * a rejection is counted apart, as a try.
     */
    public void answered(String taskClass, Message reply) {
        if (reply instanceof Result) {
            ended(taskClass, RESULT_INDEX);
        } else if (reply instanceof Failure failure) {
            ended(taskClass, outcomeOf(failure.kind()));
        } else if (reply instanceof Rejected) {
            rejections++;
        }
    }

    /** Counts a task of {@code taskClass} that ended without an answer: its client went away before it started. */
    public void dropped(String taskClass) {
        ended(taskClass, DROPPED_INDEX);
    }

    /** A task of {@code taskClass} that started has been answered: it waited {@code waitedNanos}, then ran for {@code ranNanos}. */
    public void ran(String taskClass, long waitedNanos, long ranNanos) {
        recorder.ran(taskClass, waitedNanos, ranNanos);
    }

    /** How many tasks had {@code outcome}, one of {@link #OUTCOMES}. */
    public long count(String outcome) {
        Integer index = INDEX.get(outcome);
        if (index == null) {
            throw new IllegalArgumentException("no outcome '" + outcome + "'; known: " + OUTCOMES);
        }
        return counts[index];
    }

    /** How many times a submit was answered {@code rejected} (the queue was full): tries, not tasks. */
    public long rejections() {
        return rejections;
    }

    /** Every outcome's count, in the order of {@link #OUTCOMES}. */
    public Map<String, Long> counts() {
        Map<String, Long> all = new LinkedHashMap<>();
        for (int i = 0; i < counts.length; i++) {
            all.put(OUTCOMES.get(i), counts[i]);
        }
        return all;
    }

    /** Tasks answered or dropped so far (rejections are not tasks). */
    public long total() {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        return total;
    }

    private void ended(String taskClass, int outcome) {
        counts[outcome]++;
        recorder.ended(taskClass, outcome);
    }
}
