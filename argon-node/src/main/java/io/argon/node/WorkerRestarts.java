package io.argon.node;

import java.util.Locale;

/**
 * How many of a node's worker JVMs ended while it ran, each replaced (or, one that failed to
 * start, tried again), by why: what {@code argon_worker_restarts_total} counts. A node that
 * stops ends its workers without counting them. On the node's loop.
 */
final class WorkerRestarts {
    /** Why a worker ended: a short, fixed set, so that each is a label value. */
    enum Reason {
        /** It exited on its own (a crash, {@code System.exit}, a kill from outside) while idle or running a task. */
        CRASHED,
        /** It was killed because its task did not stop within a second of an interrupt (a timeout, a cancel). */
        HUNG,
        /** It retired after its {@code --recycle-after} quota of tasks. */
        RECYCLED,
        /** It retired because a reload's successor, running the new task code, took its place. */
        RELOAD,
        /** It exited before it said hello: a bad JVM option, a missing jar, the hello timeout. */
        FAILED_START;

        /** The label value: the name in lower case. */
        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Why a worker ended, from the state it was {@code last} in, whether it was
         * {@code retiring}, and whether a reload's successor had been started in its place.
         */
        static Reason of(Worker.State last, boolean retiring, boolean replacedByReload) {
            if (last == Worker.State.STOPPING) {
                return HUNG;
            }
            if (last == Worker.State.BUSY) {
                return CRASHED; // a retiring worker leaves once it has answered, never in the middle of a task
            }
            if (retiring) {
                return replacedByReload ? RELOAD : RECYCLED;
            }
            return last == Worker.State.STARTING ? FAILED_START : CRASHED;
        }
    }

    private final long[] counts = new long[Reason.values().length];

    /** A worker ended, for {@code why}. */
    void add(Reason why) {
        counts[why.ordinal()]++;
    }

    /** How many workers ended for {@code why}. */
    long count(Reason why) {
        return counts[why.ordinal()];
    }
}
