package io.argon.node;

import io.argon.node.WorkerLauncher.WorkerProcess;
import io.netty.channel.Channel;

/** The node's handle on one worker JVM: its process, its link, and what it is doing. On the node's loop. */
final class Worker {
    enum State {
        /** Forked, has not said hello yet. */
        STARTING,
        /** Linked and waiting for a task. */
        IDLE,
        /** Running {@link #task}. */
        BUSY,
        /** Its task was answered for it (a timeout, a cancel); it has been interrupted and is being waited for. */
        STOPPING,
        /** Its process has exited. */
        DEAD
    }

    final int id;
    final WorkerProcess process;
    final long startedNanos;
    /** The pool's code generation when it was forked: a reload bumps it, and replaces the workers of older ones. */
    final int generation;
    /** In a reload: the worker this one replaces, until it is ready and that one retires. */
    Worker replacing;
    /** In a reload: the worker starting in this one's place; it retires once that one is ready. */
    Worker replacedBy;
    State state = State.STARTING;
    /** Its successor has been started: it runs at most its current task, then is told to exit. */
    boolean retiring;
    Channel link;
    NodeTask task;
    /** Tasks sent to it so far; the worker counts the same, so a number names one task of its. */
    int tasksStarted;
    /** Tasks it has answered. */
    int tasksDone;

    Worker(int id, WorkerProcess process, long startedNanos, int generation) {
        this.id = id;
        this.process = process;
        this.startedNanos = startedNanos;
        this.generation = generation;
    }

    long pid() {
        return process.pid();
    }

    /** Asks the worker to exit: closing its link and its lifeline ends its read loop. */
    void release() {
        if (link != null) {
            link.close();
        }
        process.closeLifeline();
    }

    /** How a process exit reads in a log or an error message. */
    static String describeExit(int status) {
        if (status > 128 && status < 160) {
            int signal = status - 128;
            return "killed by signal " + signal + signalName(signal);
        }
        return "exited with status " + status;
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 1 -> " (SIGHUP)";
            case 2 -> " (SIGINT)";
            case 3 -> " (SIGQUIT)";
            case 6 -> " (SIGABRT)";
            case 9 -> " (SIGKILL)";
            case 11 -> " (SIGSEGV)";
            case 15 -> " (SIGTERM)";
            default -> "";
        };
    }

    @Override
    public String toString() {
        return "worker " + id + " [pid " + pid() + "]";
    }
}
