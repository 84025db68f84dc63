package io.argon.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Paces a client's tasks: at most {@code maxInFlight} of them are sent and unanswered at once;
 * the rest wait here, and go out in the order they were submitted as answers free room. So a
 * loop that submits thousands of tasks keeps a daemon's queue fed without overrunning it (and
 * meeting rejections).
 *
 * <p>All its state is guarded by one lock, this object's, which is never held while a call is
 * sent or completed (asserted): {@link #promoteAndExecute()} is the one method that moves work
 * forward, taking what may go under the lock and sending it after, one sender at a time so that
 * the order holds.
 */
final class Dispatcher {
    /** Where promoted calls go: the connector. */
    interface Sender {
        void send(Call call);
    }

    private final int maxInFlight;
    private final Sender sender;
    /** Calls submitted and not yet given a place in the window, oldest first. */
    private final ArrayDeque<Call> waiting = new ArrayDeque<>();
    /** Calls given a place and not yet handed to the sender, oldest first. */
    private final ArrayDeque<Call> outgoing = new ArrayDeque<>();
    /** Calls with a place in the window: promoted and not yet answered. */
    private int inFlight;
    /** A thread is handing {@link #outgoing} to the sender; others leave it to that one. */
    private boolean sending;

    Dispatcher(int maxInFlight, Sender sender) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        this.sender = sender;
    }

    /** Takes a task's call: it goes out now if the window has room, else when it does. */
    void enqueue(Call call) {
        assertLockNotHeld();
        synchronized (this) {
            waiting.add(call);
        }
        call.result.whenComplete((result, error) -> finished(call));
        promoteAndExecute();
    }

    /** A call was answered, failed or cancelled, wherever it was: its place (if it had one) goes to the next. */
    private void finished(Call call) {
        assertLockNotHeld();
        synchronized (this) {
            if (!waiting.remove(call) && call.promoted) {
                call.promoted = false;
                inFlight--;
            }
            notifyAll();
        }
        promoteAndExecute();
    }

    /**
     * Gives waiting calls the places the window has, then hands them to the sender in order,
     * outside the lock. If another thread is already handing calls over, it takes these too.
     */
    private void promoteAndExecute() {
        assertLockNotHeld();
        synchronized (this) {
            while (inFlight < maxInFlight && !waiting.isEmpty()) {
                Call next = waiting.poll();
                next.promoted = true;
                inFlight++;
                outgoing.add(next);
            }
            if (sending || outgoing.isEmpty()) {
                return;
            }
            sending = true;
        }
        while (true) {
            Call next;
            synchronized (this) {
                next = outgoing.poll();
                if (next == null) {
                    sending = false;
                    return;
                }
            }
            if (!next.result.isDone()) {
                sender.send(next);
            }
        }
    }

    /** Tasks sent (or on their way) and not yet answered. */
    synchronized int inFlight() {
        return inFlight;
    }

    /** Tasks waiting in the client for a place in the window. */
    synchronized int waiting() {
        return waiting.size();
    }

    /** Waits until no task waits or is in flight, or {@code timeout} passes; true if none is left. */
    synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight > 0 || !waiting.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private void assertLockNotHeld() {
        if (Thread.holdsLock(this)) {
            throw new AssertionError("the dispatcher's lock must not be held here");
        }
    }
}
