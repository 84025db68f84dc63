package io.argon.core.daemon;

import java.util.ArrayList;
import java.util.List;

/** A {@link TaskStats.Recorder} for tests: what it was told, in order. */
final class RecordingRecorder implements TaskStats.Recorder {
    /** "CLASS OUTCOME" for each task that ended. */
    final List<String> ends = new ArrayList<>();
    /** {waited, ran} in nanoseconds for each task that started and was answered. */
    final List<long[]> times = new ArrayList<>();

    @Override
    public void ended(String taskClass, int outcome) {
        ends.add(taskClass + " " + TaskStats.OUTCOMES.get(outcome));
    }

    @Override
    public void ran(String taskClass, long waitedNanos, long ranNanos) {
        times.add(new long[] {waitedNanos, ranNanos});
    }
}
