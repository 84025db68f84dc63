package io.argon.core.daemon;

import io.argon.protocol.Message;
import io.argon.protocol.Submit;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A task a daemon holds, from the moment it takes it in to its one answer: the submission,
 * where the task is (waiting in the daemon's {@link TaskBook}, or started at a place: a node's
 * worker, a manager's node), how many times it has started, and its deadline. Its state
 * changes only through its own methods: {@link #start} by the daemon's runner, the rest by the
 * book, which every answer goes through. On the daemon's event loop.
 *
 * @param <P> where a started task runs: a worker, or a node
 */
public abstract class HeldTask<P> {
    private final Submission submission;
    private final long timeoutMillis;
    private final long acceptedNanos;
    private final int maxAttempts;
    /** Where it runs now; null while it waits. */
    private P place;
    private int attempts;
    private long startedNanos;
    private ScheduledFuture<?> deadline;
    /** Answered, or dropped because its client went away first: nothing more happens to it. */
    private boolean ended;
    /** Where each attempt went, for the task's history: null unless the daemon keeps one. */
    private List<String> path;

    /**
     * @param timeoutMillis   the timeout that applies to the task here; 0 for none
     * @param acceptedNanos   when the daemon took it in, on its loop's ticker
     * @param daemonAttempts  how many times the daemon tries a task that is safe to run again
     *                        (its {@code --max-attempts}); the task's own bound may lower that, never raise it
     */
    protected HeldTask(Submission submission, long timeoutMillis, long acceptedNanos, int daemonAttempts) {
        if (daemonAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be >= 1, got " + daemonAttempts);
        }
        this.submission = submission;
        this.timeoutMillis = timeoutMillis;
        this.acceptedNanos = acceptedNanos;
        int own = submission.request().maxAttempts();
        this.maxAttempts = own > 0 ? Math.min(own, daemonAttempts) : daemonAttempts;
    }

    // ---- what it is ----

    public final Submission submission() {
        return submission;
    }

    public final Submit request() {
        return submission.request();
    }

    /** The timeout that applies to the task here, in milliseconds; 0 for none. */
    public final long timeoutMillis() {
        return timeoutMillis;
    }

    /** What is left of its timeout at {@code nowNanos}, rounded up to a whole millisecond (at least 1); 0 if it has none. */
    public final long remainingMillis(long nowNanos) {
        if (timeoutMillis == 0) {
            return 0;
        }
        long deadlineNanos = acceptedNanos + timeoutMillis * 1_000_000;
        return Math.max(1, (deadlineNanos - nowNanos + 999_999) / 1_000_000);
    }

    /** How many times it may be started, if it is safe to run again. */
    public final int maxAttempts() {
        return maxAttempts;
    }

    /** How the task reads in a log line or an error message. */
    public final String describe() {
        return "task " + request().className() + " (id " + request().id() + ")";
    }

    // ---- where it is ----

    /** Whether it waits in the book's queue (it has not started, or has been put back). */
    public final boolean isQueued() {
        return place == null && !ended;
    }

    /** Where it runs (or last ran, once answered); null while it waits. */
    public final P place() {
        return place;
    }

    /** How many times it has started. */
    public final int attempts() {
        return attempts;
    }

    /** When it last started, on the loop's ticker; only once it has. */
    public final long startedNanos() {
        return startedNanos;
    }

    /** When the daemon took it in, on the loop's ticker. */
    public final long acceptedNanos() {
        return acceptedNanos;
    }

    /** Whether it has had its answer (or its client has gone): nothing more happens to it. */
    public final boolean isAnswered() {
        return ended;
    }

    /**
     * The retry rule: whether it may start again now that the place running it has been lost.
     * Only a task its client said is safe to run again, and only while it has attempts left.
     */
    public final boolean mayRunAgain() {
        return request().idempotent() && attempts < maxAttempts;
    }

    // ---- what happens to it ----

    /** It starts at {@code where}: one more attempt. Called by the daemon's runner when it takes the task from the book. */
    public final void start(P where, long nowNanos) {
        if (place != null || ended) {
            throw new IllegalStateException(describe() + " cannot start: it is " + (ended ? "answered" : "running at " + place));
        }
        place = where;
        startedNanos = nowNanos;
        attempts++;
        if (path != null) {
            path.add(String.valueOf(where));
        }
    }

    /** Where each attempt went, in order, with what became of those before the last. */
    public final List<String> path() {
        return path == null ? List.of() : Collections.unmodifiableList(path);
    }

    /** The daemon keeps a history: the task notes where each attempt went. */
    final void keepPath() {
        path = new ArrayList<>(2);
    }

    private void noteLastAttempt(String what) {
        if (path != null && !path.isEmpty()) {
            path.set(path.size() - 1, path.get(path.size() - 1) + " (" + what + ")");
        }
    }

    /** The place running it was lost and it is to run again: it waits once more, and the attempt counted. */
    final void requeue() {
        place = null;
        noteLastAttempt("lost; run again");
    }

    /** Its place gave it back without starting it (full, or shutting down): it waits once more, and that attempt does not count. */
    final void putBack() {
        place = null;
        attempts--;
        noteLastAttempt("given back unstarted");
    }

    final void deadline(ScheduledFuture<?> timer) {
        this.deadline = timer;
    }

    /** Sends the answer unless one was sent; returns whether this one was. */
    final boolean answer(Message reply) {
        if (!end()) {
            return false;
        }
        submission.answer(reply);
        return true;
    }

    /** Ends the task without an answer; returns false if it had ended already. */
    final boolean end() {
        if (ended) {
            return false;
        }
        ended = true;
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
        return true;
    }

    final boolean hasStarted() {
        return attempts > 0;
    }
}
