package io.argon.client;

import io.argon.protocol.Control;
import io.argon.protocol.Message;
import io.argon.protocol.RawJson;
import io.argon.protocol.Submit;
import io.argon.protocol.Tasks;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request awaiting its answer, from its submission until the answer: a task (answered by
 * its result), a status request (by the report) or an operator's control request (by
 * {@code done}). Counts the rejections it has met, and knows the time its task must be done by.
 */
final class Call {
    final Message request;
    final CompletableFuture<RawJson> result = new CompletableFuture<>();
    /** A task's timeout; 0 for a task without one, and other requests. */
    final long timeoutNanos;
    /**
     * When the task's timeout runs out, on {@link System#nanoTime()}'s clock: counted from when
     * it first leaves the client (time spent waiting for a place in the window is not the
     * task's); 0 until then, and for a call without a timeout.
     */
    private volatile long deadlineNanos;
    /** It has been written once: a later write (after a failover) takes only the time left. */
    private volatile boolean written;
    int rejections;
    /** The connection it was last sent on; a failover moves it to another. */
    volatile Connection sentOn;
    /** How many times it was sent again after losing its connection. */
    int failovers;
    /** Its caller cancelled it: it is not sent again. */
    volatile boolean cancelled;
    /** It has a place in the client's window of tasks in flight. Guarded by the {@link Dispatcher}. */
    boolean promoted;

    Call(Message request) {
        this(request, 0);
    }

    Call(Message request, long timeoutNanos) {
        this.request = request;
        this.timeoutNanos = timeoutNanos;
    }

    /** Starts the task's timeout, as it leaves the client; true the first time, for a task that has one. */
    boolean startClock(long nowNanos) {
        if (timeoutNanos == 0 || deadlineNanos != 0) {
            return false;
        }
        deadlineNanos = nowNanos + timeoutNanos;
        return true;
    }

    String id() {
        return request.id();
    }

    boolean isTask() {
        return request instanceof Submit;
    }

    /** The task id, for an exception about this call; null for a request that is not a task. */
    String taskId() {
        return isTask() ? request.id() : null;
    }

    /**
     * The message to write now: the first time, the task as submitted; written again (after a
     * failover, or a rejection), a task with a timeout takes what is left of its time, at least
     * 1 ms, and one whose time has run out is not written (null).
     */
    Message messageAt(long nowNanos) {
        if (!written || deadlineNanos == 0 || !(request instanceof Submit task)) {
            written = true;
            return request;
        }
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - nowNanos);
        return left < 1 ? null : task.forwarded(task.id(), left, task.maxAttempts());
    }

    /**
     * Whether it may be sent again when its connection is lost: a task submitted as
     * idempotent, and a status request.
     */
    boolean safeToResend() {
        if (request instanceof Submit task) {
            return task.idempotent();
        }
        return !(request instanceof Control); // a status request may go anywhere; a control is for the daemon it was sent to
    }

    /** What the request is, in an error message: {@code task 17 (com.example.Resize)}. */
    String describe() {
        return request instanceof Submit task ? "task " + task.id() + " (" + task.className() + ")"
                : request instanceof Control control ? "the " + control.action().wireName() + " request"
                : request instanceof Tasks ? "the task history request" : "the status request";
    }
}
