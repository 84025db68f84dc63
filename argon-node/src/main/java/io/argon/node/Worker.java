package io.argon.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.node.WorkerLauncher.WorkerProcess;
import io.netty.channel.Channel;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The node's handle on one worker JVM: its process, its link, what it is doing and what it
 * has done. Its state changes only through its own methods, which the {@link WorkerPool}
 * calls. On the node's loop.
 */
final class Worker {
    enum State {
        /** Forked, has not said hello yet. */
        STARTING,
        /** Linked and waiting for a task. */
        IDLE,
        /** Running {@link #task()}. */
        BUSY,
        /** Its task was answered for it (a timeout, a cancel); it has been interrupted and is being waited for. */
        STOPPING,
        /** Its process has exited. */
        DEAD
    }

    final int id;
    final WorkerProcess process;
    /** How logs and the task history name it: formatted once, since each task's history names its worker. */
    private final String name;
    final long startedNanos;
    /** The pool's code generation when it was forked: a reload replaces the workers of older ones. */
    final int generation;
    private State state = State.STARTING;
    /** It runs at most its current task, then is told to exit: it has been recycled or replaced by a reload. */
    private boolean retiring;
    private Channel link;
    private NodeTask task;
    /** Tasks sent to it so far; the worker counts the same, so a number names one task of its. */
    private int tasksStarted;
    /** Tasks it has answered. */
    private int tasksDone;

    Worker(int id, WorkerProcess process, long startedNanos, int generation) {
        this.id = id;
        this.process = process;
        this.name = "worker " + id + " [pid " + process.pid() + "]";
        this.startedNanos = startedNanos;
        this.generation = generation;
    }

    long pid() {
        return process.pid();
    }

    State state() {
        return state;
    }

    /** The task it runs (or is being stopped in), or null. */
    NodeTask task() {
        return task;
    }

    int tasksStarted() {
        return tasksStarted;
    }

    boolean isRetiring() {
        return retiring;
    }

    /** Whether it has a task: running it, or being stopped in it. */
    boolean hasTask() {
        return task != null;
    }

    // ---- what happens to it ----

    /** Its JVM linked to the node and said hello. */
    void linked(Channel channel) {
        this.link = channel;
    }

    /** It waits for a task. */
    void idle() {
        state = State.IDLE;
    }

    /**
     * Sends it {@code next}, which it runs from now on; returns the task's ordinal among those
     * it was sent (counting from 1).
     */
    int run(NodeTask next) {
        task = next;
        state = State.BUSY;
        tasksStarted++;
        link.writeAndFlush(next.request(), link.voidPromise());
        return tasksStarted;
    }

    /** Its task was answered for it and it has been asked to interrupt it. */
    void stopping() {
        state = State.STOPPING;
    }

    /** It answered its task. */
    void answered() {
        tasksDone++;
        free();
    }

    /** Takes its task off it: answered, stopped, or lost with it. */
    void free() {
        task = null;
        if (state == State.BUSY || state == State.STOPPING) {
            state = State.IDLE;
        }
    }

    /** It is to run nothing new: recycled after its quota, or replaced by a reload. */
    void retire() {
        retiring = true;
    }

    /** Its process has exited. */
    void died() {
        state = State.DEAD;
    }

    /** Asks the worker to exit: closing its link and its lifeline ends its read loop. */
    void release() {
        if (link != null) {
            link.close();
        }
        process.closeLifeline();
    }

    /** Its entry in the node's status report: what it is doing, what it has done, what it holds. */
    void describe(ObjectNode entry, long nowNanos) {
        entry.put("id", id)
                .put("pid", pid())
                .put("state", state.name().toLowerCase(Locale.ROOT))
                .put("uptime_ms", TimeUnit.NANOSECONDS.toMillis(nowNanos - startedNanos))
                .put("tasks_done", tasksDone)
                .put("generation", generation);
        long resident = process.residentBytes();
        if (resident >= 0) {
            entry.put("rss_bytes", resident);
        }
        if (task != null) {
            entry.putObject("task")
                    .put("class", task.request().className())
                    .put("id", task.request().id())
                    .put("running_ms", TimeUnit.NANOSECONDS.toMillis(nowNanos - task.startedNanos()));
        }
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
        return name;
    }
}
