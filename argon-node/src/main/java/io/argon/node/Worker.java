package io.argon.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.node.WorkerLauncher.WorkerProcess;
import io.argon.protocol.Message;
import io.argon.protocol.Messages;
import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The node's handle on one worker JVM: its process, its link, the tasks in its window and what
 * it has done. Its state changes only through its own methods, which the {@link WorkerPool}
 * calls. On the node's loop.
 *
 * <p>Its window is the tasks sent to it and not yet answered, oldest first: the worker runs
 * them in that order, so the first is the one it runs (or is about to). How many it may hold
 * is its {@link TaskTimeEstimate}'s to say.
 */
final class Worker {
    enum State {
        /** Forked, has not said hello yet. */
        STARTING,
        /** Linked, with an empty window. */
        IDLE,
        /** Running the first task of its window. */
        BUSY,
        /** The task it runs was answered for it (a timeout, a cancel); it has been interrupted and is being waited for. */
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
    private final ArrayDeque<SentTask> window = new ArrayDeque<>();
    private final TaskTimeEstimate estimate = new TaskTimeEstimate();
    private boolean linked;
    private boolean dead;
    /** It runs at most the tasks it holds, then is told to exit: it has been recycled or replaced by a reload. */
    private boolean retiring;
    private Channel link;
    /** Tasks sent to it so far; each one's number is its id on the link. */
    private int tasksSent;
    /** Tasks it gave back unstarted. */
    private int tasksTakenBack;
    /** Tasks it has answered (those it gave back not counted). */
    private int tasksDone;
    /** Tasks in its window that were answered for it and are being stopped. */
    private int stopping;
    /** When its first task could start: sent to an idle worker, or the one before it answered. */
    private long firstStartNanos;

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
        if (dead) {
            return State.DEAD;
        }
        if (!linked) {
            return State.STARTING;
        }
        SentTask first = window.peekFirst();
        if (first == null) {
            return State.IDLE;
        }
        return first.isStopping() ? State.STOPPING : State.BUSY;
    }

    /** The task it runs (or is being stopped in), or null. */
    NodeTask task() {
        SentTask first = window.peekFirst();
        return first == null ? null : first.task;
    }

    /** The tasks in its window, oldest (the one it runs) first. */
    Collection<SentTask> window() {
        return window;
    }

    /** Tasks it has run or holds: those sent, less those it gave back unstarted. What {@code -r} counts. */
    int tasksTaken() {
        return tasksSent - tasksTakenBack;
    }

    TaskTimeEstimate estimate() {
        return estimate;
    }

    boolean isRetiring() {
        return retiring;
    }

    /** Whether it holds a task: running it, waiting to, or being stopped in it. */
    boolean hasTask() {
        return !window.isEmpty();
    }

    /** Whether it is linked, alive, not retiring, and its window has room for one more task. */
    boolean hasRoom() {
        // One holding a task being stopped may be killed: it gets nothing new.
        return linked && !dead && !retiring && stopping == 0 && window.size() < estimate.window();
    }

    // ---- what happens to it ----

    /** Its JVM linked to the node and said hello. */
    void linked(Channel channel) {
        this.link = channel;
        this.linked = true;
    }

    /** Sends it {@code next}, which joins the end of its window; returns how many tasks it has taken. */
    int send(NodeTask next, long nowNanos) {
        SentTask sent = new SentTask(next, ++tasksSent, nowNanos);
        if (window.isEmpty()) {
            firstStartNanos = nowNanos;
        }
        window.addLast(sent);
        link.writeAndFlush(next.request().withId(sent.ordinal), link.voidPromise());
        return tasksTaken();
    }

    /**
     * Takes the task {@code reply} answers (by the worker's id for it) out of its window, or
     * returns null if it holds none by that id. How long the worker says the task ran is a
     * sample for its estimate. The reply may say the worker gave the task back unstarted
     * ({@link WorkerReplies#isGivenBack}).
     */
    SentTask answered(Message reply, long nowNanos) {
        String ordinal = reply.id();
        SentTask first = window.peekFirst();
        SentTask sent = null;
        for (Iterator<SentTask> it = window.iterator(); it.hasNext(); ) {
            SentTask held = it.next();
            if (held.ordinal.equals(ordinal)) {
                sent = held;
                it.remove();
                break;
            }
        }
        if (sent == null) {
            return null;
        }
        if (sent == first) {
            firstStartNanos = nowNanos; // the next task in its window could start now
        }
        if (sent.isStopping()) {
            stopping--;
        }
        long runNanos = Messages.runNanos(reply);
        if (runNanos > 0) {
            estimate.sample(runNanos);
        }
        if (WorkerReplies.isGivenBack(reply)) {
            tasksTakenBack++;
        } else {
            tasksDone++;
        }
        return sent;
    }

    /** Asks it to give {@code sent} back if it has not started it, and to interrupt it if it runs it. */
    void stop(SentTask sent) {
        sent.stopping();
        stopping++;
        process.cancel(sent.ordinal, false);
    }

    /** Asks it to give {@code sent} back if it has not started it. */
    void takeBack(SentTask sent) {
        sent.takingBack();
        process.cancel(sent.ordinal, true);
    }

    /** Since when it has been running the first task of its window (only meaningful while it holds one). */
    long runningSinceNanos() {
        SentTask first = window.peekFirst();
        return first == null ? firstStartNanos : Math.max(firstStartNanos, first.sentNanos);
    }

    /** Takes every task out of its window: it died, or the node stops. */
    List<SentTask> clear() {
        List<SentTask> held = new ArrayList<>(window);
        window.clear();
        stopping = 0;
        return held;
    }

    /** It is to run nothing new: recycled after its quota, or replaced by a reload. */
    void retire() {
        retiring = true;
    }

    /** Its process has exited. */
    void died() {
        dead = true;
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
                .put("state", state().name().toLowerCase(Locale.ROOT))
                .put("uptime_ms", TimeUnit.NANOSECONDS.toMillis(nowNanos - startedNanos))
                .put("tasks_done", tasksDone)
                .put("generation", generation);
        long resident = process.residentBytes();
        if (resident >= 0) {
            entry.put("rss_bytes", resident);
        }
        entry.put("window", window.size()).put("window_limit", estimate.window());
        SentTask first = window.peekFirst();
        if (first != null) {
            entry.putObject("task")
                    .put("class", first.task.request().className())
                    .put("id", first.task.request().id())
                    .put("running_ms", TimeUnit.NANOSECONDS.toMillis(nowNanos - runningSinceNanos()));
        }
    }

    /** The worker with the fewest tasks among those whose window has room, or null. */
    static Worker leastLoadedWithRoom(Collection<Worker> workers) {
        Worker best = null;
        for (Worker worker : workers) {
            if (worker.hasRoom() && (best == null || worker.window.size() < best.window.size())) {
                best = worker;
            }
        }
        return best;
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
