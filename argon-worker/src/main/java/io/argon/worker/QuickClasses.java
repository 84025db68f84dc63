package io.argon.worker;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The task classes whose last {@link #STREAK} runs each took under {@link #QUICK_NANOS}. Before a
 * task of such a class, a worker keeps the answers it has buffered: the task will not hold them
 * up. Before any other, it sends them, so that no answer waits behind a long task. On the thread
 * that runs tasks.
 */
final class QuickClasses {
    static final long QUICK_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    static final int STREAK = 8;

    private final Map<String, int[]> streaks = new HashMap<>();

    /** Whether the class's last {@link #STREAK} runs were all quick. */
    boolean isQuick(String className) {
        int[] streak = streaks.get(className);
        return streak != null && streak[0] >= STREAK;
    }

    /** A task of the class ran for {@code nanos}. */
    void ran(String className, long nanos) {
        int[] streak = streaks.computeIfAbsent(className, name -> new int[1]);
        streak[0] = nanos < QUICK_NANOS ? Math.min(streak[0] + 1, STREAK) : 0;
    }
}
