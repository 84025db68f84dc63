package io.argon.node;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Starts worker JVMs: the mechanism under {@link WorkerPool}'s policy, and the seam where a
 * test puts processes it controls.
 */
interface WorkerLauncher {
    /** Starts the JVM of worker {@code id}; once up it links to the node and says hello. */
    WorkerProcess launch(int id) throws IOException;

    /** Why workers started now could not load the task code (an {@code -i} path gone), or null if nothing is wrong that can be seen. */
    String codeProblem();

    /** A started worker JVM. */
    interface WorkerProcess {
        long pid();

        /**
         * Completes, on any thread, with the exit status once the process has exited and its
         * last output has been read (or has had a moment to be).
         */
        CompletableFuture<Integer> exited();

        /** The last lines the worker printed, joined with " | ", or "" if none. */
        String lastOutput();

        boolean isAlive();

        /** The process's resident memory in bytes, or -1 where the system does not say. */
        long residentBytes();

        /** Closes the worker's stdin, its lifeline: it halts when it sees the end. */
        void closeLifeline();

        /**
         * Cancels task {@code id} (its number on the link): the worker takes it back if it has not
         * started it, and interrupts it if it runs it, unless {@code ifNotStarted}. Said on the
         * lifeline, which the worker always reads, whatever its tasks do.
         */
        void cancel(String id, boolean ifNotStarted);

        /** Asks the process to exit (SIGTERM). */
        void terminate();

        /** Kills the process (SIGKILL). */
        void kill();
    }
}
