package io.argon.core.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.protocol.Cancel;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Message;
import io.argon.task.Priority;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Every task a daemon holds, a node's and a manager's alike, and the one way each gets its
 * answer. A task is admitted ({@link #admit}): started at once if nothing waits and the
 * daemon's {@link Runner} has room, else queued if the bounded queue has room, else refused.
 * Queued tasks go out, most urgent first and FIFO within a priority, when
 * {@link #promote()} finds room. The book keeps each task under its client's connection and
 * id (what a {@code cancel} names, and what goes when the client goes), times its deadline,
 * and applies the retry rule when the place running a task is lost. It answers each task at
 * most once, through {@link #finish}, and counts every answer in the daemon's {@link TaskStats}.
 *
 * <p>The book is the mechanism; where tasks run, and how a daemon words what became of them,
 * is its {@link Runner}'s policy. Confined to the daemon's event loop (asserted), whose ticker
 * times the deadlines.
 *
 * @param <T> the daemon's kind of task
 */
public final class TaskBook<T extends HeldTask<?>> {
    /** Where a daemon runs its tasks: a node's workers, a manager's nodes. Called on the loop. */
    public interface Runner<T> {
        /** Starts the task ({@link HeldTask#start}) where there is room now; returns false when there is none. */
        boolean tryStart(T task);

        /** A started task was answered for it ({@code ending}): stops it where it runs. */
        void stop(T task, Ending ending);

        /**
         * Its client no longer wants the started task should it not have begun (a cancel that
         * says so, or the client went away): where it only waits to begin, it may be dropped.
         */
        void withdraw(T task);

        /** What the client is told when the task ends so, queued or started (see {@link HeldTask#isQueued()}). */
        String reason(T task, Ending ending);
    }

    /** How a task can end before its answer came from where it ran. */
    public enum Ending {
        CANCELLED(ErrorKind.CANCELLED),
        TIMED_OUT(ErrorKind.TIMEOUT);

        private final ErrorKind kind;

        Ending(ErrorKind kind) {
            this.kind = kind;
        }

        public ErrorKind kind() {
            return kind;
        }
    }

    private final EventLoop loop;
    private final int capacity;
    private final TaskStats stats;
    private final Runner<T> runner;
    private final ArrayDeque<T>[] lanes;
    private int queued;
    /** Tasks not yet answered or dropped, queued or started. */
    private int open;
    private final Map<Channel, Map<String, T>> byClient = new HashMap<>();
    /** The p50 and p99 of the time from taking a task in to its answer, over the last minute. */
    private final LatencyWindow latency = new LatencyWindow();
    /** Where a record of each task that ends goes, or null when the daemon keeps no history. */
    private Consumer<TaskRecord> history;

    /** @param capacity how many tasks may wait; past that, {@link #admit} refuses */
    @SuppressWarnings("unchecked")
    public TaskBook(EventLoop loop, int capacity, TaskStats stats, Runner<T> runner) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
        }
        this.loop = loop;
        this.capacity = capacity;
        this.stats = stats;
        this.runner = runner;
        this.lanes = new ArrayDeque[Priority.values().length];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new ArrayDeque<>();
        }
    }

    /**
     * From now on, each task that ends is told to {@code history} as a {@link TaskRecord}, on the
     * daemon's loop: the history must take it without blocking (hand it to a thread of its own).
     */
    public void recordTo(Consumer<TaskRecord> history) {
        this.history = history;
    }

    // ---- taking tasks in ----

    /**
     * Takes the task in: starts it if nothing waits and the runner has room, else queues it if
     * the queue has room. Returns false, holding nothing of it, when the queue is full: the
     * caller answers {@code rejected}. A task taken in is kept under its client and id until it
     * is answered, and at its deadline (if it has a timeout) it is answered {@code timeout}.
     */
    public boolean admit(T task) {
        assert loop.inEventLoop();
        if (history != null) {
            task.keepPath();
        }
        if (!(queued == 0 && runner.tryStart(task))) {
            if (queued >= capacity) {
                return false;
            }
            enqueue(task, false);
        }
        open++;
        Submission submission = task.submission();
        byClient.computeIfAbsent(submission.replyTo(), client -> new HashMap<>()).put(submission.request().id(), task);
        if (task.timeoutMillis() > 0) {
            task.deadline(loop.schedule(() -> {
                if (!task.isAnswered()) {
                    end(task, Ending.TIMED_OUT);
                }
            }, task.timeoutMillis(), TimeUnit.MILLISECONDS));
        }
        return true;
    }

    /** Starts queued tasks, most urgent first, for as long as the runner has room: what moves work forward. */
    public void promote() {
        assert loop.inEventLoop();
        T next;
        while ((next = peek()) != null && runner.tryStart(next)) {
            dequeue(next);
        }
    }

    // ---- from clients ----

    /** A client's cancel: the task it names (if the same client sent it and it awaits its answer) ends. */
    public void cancel(Channel client, Cancel cancel) {
        assert loop.inEventLoop();
        Map<String, T> tasks = byClient.get(client);
        T task = tasks == null ? null : tasks.get(cancel.id());
        if (task == null) {
            return;
        }
        if (cancel.ifNotStarted() && !task.isQueued()) {
            runner.withdraw(task);
        } else {
            end(task, Ending.CANCELLED);
        }
    }

    /**
     * An operator's cancel (from the dashboard): every task with this id that awaits its answer,
     * whichever client sent it (ids are a client's own, so there may be several), ends as if
     * its client had cancelled it. Returns how many did.
     */
    public int cancelAnywhere(String id) {
        assert loop.inEventLoop();
        List<T> found = new ArrayList<>();
        for (Map<String, T> tasks : byClient.values()) {
            T task = tasks.get(id);
            if (task != null && !task.isAnswered()) {
                found.add(task);
            }
        }
        found.forEach(task -> end(task, Ending.CANCELLED));
        return found.size();
    }

    /**
     * The client's connection closed: its queued tasks are dropped without an answer (there is
     * no one to tell), and its started ones are withdrawn. Returns how many were dropped.
     */
    public int clientGone(Channel client) {
        assert loop.inEventLoop();
        Map<String, T> tasks = byClient.remove(client);
        if (tasks == null) {
            return 0;
        }
        int dropped = 0;
        for (T task : tasks.values()) {
            if (task.isQueued()) {
                dequeue(task);
                task.end();
                open--;
                stats.dropped(task.request().className());
                dropped++;
                if (history != null) {
                    history.accept(record(task, null, loop.ticker().nanoTime()));
                }
            } else {
                runner.withdraw(task);
            }
        }
        return dropped;
    }

    // ---- from where tasks run ----

    /**
     * Answers the task, once: a later answer is dropped. Returns whether this one was sent. A
     * task that started has its times counted.
     */
    public boolean finish(T task, Message reply) {
        assert loop.inEventLoop();
        if (task.isQueued()) {
            dequeue(task);
        }
        if (!task.answer(reply)) {
            return false;
        }
        open--;
        long now = loop.ticker().nanoTime();
        latency.record(now - task.acceptedNanos(), now);
        if (task.hasStarted()) {
            stats.ran(task.request().className(), task.startedNanos() - task.acceptedNanos(), now - task.startedNanos());
        }
        if (history != null) {
            history.accept(record(task, reply, now));
        }
        Map<String, T> tasks = byClient.get(task.submission().replyTo());
        if (tasks != null) {
            tasks.remove(task.request().id(), task);
        }
        return true;
    }

    /** Answers the task with an error, once; a queued task leaves the queue. */
    public boolean fail(T task, ErrorKind kind, String message) {
        return !task.isAnswered() && finish(task, Failure.of(task.request().id(), kind, message));
    }

    /**
     * The place running the task was lost (its worker died, its node went): the retry rule
     * decides. A task that {@link HeldTask#mayRunAgain() may run again} is queued again at the
     * head of its lane, unless the daemon is {@code closing}, and this returns true (the caller
     * {@link #promote()}s when it is ready to); any other is answered {@code kind} with
     * {@code cause}, which names the attempt when it was not the first.
     */
    public boolean lost(T task, boolean closing, ErrorKind kind, String cause) {
        assert loop.inEventLoop();
        if (task.isAnswered()) {
            return false;
        }
        if (!closing && task.mayRunAgain()) {
            task.requeue();
            enqueue(task, true);
            return true;
        }
        fail(task, kind, task.attempts() > 1 ? cause + " (attempt " + task.attempts() + " of " + task.maxAttempts() + ")" : cause);
        return false;
    }

    /**
     * The place the task was sent to gave it back without starting it (it was full, or is
     * shutting down): it waits again at the head of its lane, and the attempt does not count.
     */
    public void putBack(T task) {
        assert loop.inEventLoop();
        if (!task.isAnswered()) {
            task.putBack();
            enqueue(task, true);
        }
    }

    /** Answers every queued task with an error of {@code kind}, most urgent first. */
    public void failQueued(ErrorKind kind, String message) {
        assert loop.inEventLoop();
        T task;
        while ((task = peek()) != null) {
            dequeue(task);
            fail(task, kind, message);
        }
    }

    // ---- what the status and the drain read ----

    public int queued() {
        assert loop.inEventLoop();
        return queued;
    }

    public int queued(Priority priority) {
        assert loop.inEventLoop();
        return lanes[priority.ordinal()].size();
    }

    /** How many tasks may wait. */
    public int capacity() {
        return capacity;
    }

    /** Whether the book holds no task that awaits its answer, queued or started. */
    public boolean isEmpty() {
        assert loop.inEventLoop();
        return open == 0;
    }

    public TaskStats stats() {
        return stats;
    }

    /** Writes the p50 and p99 of the time from taking a task in to its answer, over the last minute (see {@link LatencyWindow}). */
    public void describeLatency(ObjectNode into) {
        assert loop.inEventLoop();
        latency.describe(into, loop.ticker().nanoTime());
    }

    /** The task as history keeps it: {@code reply} null for a task dropped because its client went. */
    private TaskRecord record(T task, Message reply, long nowNanos) {
        long nowMillis = System.currentTimeMillis();
        long queuedAt = nowMillis - TimeUnit.NANOSECONDS.toMillis(nowNanos - task.acceptedNanos());
        long startedAt = task.hasStarted() ? nowMillis - TimeUnit.NANOSECONDS.toMillis(nowNanos - task.startedNanos()) : 0;
        Failure failure = reply instanceof Failure f ? f : null;
        String outcome = reply == null ? TaskStats.DROPPED : failure != null ? failure.kind().wireName() : TaskStats.RESULT;
        Channel client = task.submission().replyTo();
        return new TaskRecord(task.request().id(), client == null ? null : client.remoteAddress(),
                task.request().className(), task.request().priority(), outcome, failure != null ? failure.message() : null,
                failure != null ? failure.exception() : null, failure != null ? failure.stack() : null, task.path(),
                queuedAt, startedAt, nowMillis);
    }

    // ---- the queue: a lane per priority ----

    /** Ends a task early (a cancel, its deadline): one still queued never runs; a started one is stopped where it runs. */
    private void end(T task, Ending ending) {
        boolean wasQueued = task.isQueued();
        fail(task, ending.kind(), runner.reason(task, ending));
        if (!wasQueued) {
            runner.stop(task, ending);
        }
    }

    private void enqueue(T task, boolean first) {
        ArrayDeque<T> lane = lanes[task.request().priority().ordinal()];
        if (first) {
            lane.addFirst(task);
        } else {
            lane.addLast(task);
        }
        queued++;
    }

    private void dequeue(T task) {
        if (lanes[task.request().priority().ordinal()].remove(task)) {
            queued--;
        }
    }

    private T peek() {
        if (queued == 0) {
            return null;
        }
        for (ArrayDeque<T> lane : lanes) {
            T first = lane.peekFirst();
            if (first != null) {
                return first;
            }
        }
        throw new IllegalStateException(queued + " queued but every lane is empty");
    }
}
