package io.argon.node;

/**
 * How long a worker's tasks run, and from that how many tasks its window may hold: the policy
 * behind the node's per-worker windows.
 *
 * <p>Each answer says how long its task ran inside the worker ({@code run_ns}): the task's own
 * time, which a busy machine does not stretch the way it stretches a round trip. The estimate
 * is a moving average of those, weighted 1/8 to the newest.
 *
 * <p>The window holds as many tasks as fit in {@link #WINDOW_WORK_NANOS} of work at that rate,
 * between 1 and {@link #MAX_WINDOW}. Short tasks (tens of microseconds) fill it, so that a
 * worker finds its next task already there and answers a run of them with one write; tasks of
 * 2 ms or more get a window of 1, so that no task waits long behind another inside a worker;
 * a worker that has answered nothing yet gets 1. A task that turns out long holds up the tasks
 * behind it for no more than {@link TaskRecall#stuckAfterNanos} while another worker is idle.
 */
final class TaskTimeEstimate {
    /** The most work, at the estimated rate, a window holds beyond the task that runs. */
    static final long WINDOW_WORK_NANOS = 2_000_000;
    static final int MAX_WINDOW = 32;

    private long averageNanos = -1;

    /** A task ran for {@code nanos} in the worker. */
    void sample(long nanos) {
        long sample = Math.max(nanos, 1);
        averageNanos = averageNanos < 0 ? sample : averageNanos + (sample - averageNanos) / 8;
    }

    /** The average time per task, or -1 before the first sample. */
    long averageNanos() {
        return averageNanos;
    }

    /** How many tasks the worker's window may hold now. */
    int window() {
        if (averageNanos < 0) {
            return 1;
        }
        return (int) Math.max(1, Math.min(MAX_WINDOW, WINDOW_WORK_NANOS / averageNanos));
    }
}
