package io.argon.worker;

import io.argon.protocol.Submit;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The tasks a worker's node has sent it and it has not started: its part of the node's window
 * (see {@code WorkerPool} in argon-node). The link's reader thread adds to it and takes tasks
 * back out of it when the node asks; the task thread takes the next one to run, oldest first.
 * Once the link has ended it is closed, and the task thread finds nothing more in it.
 */
final class TaskInbox {
    private final ArrayDeque<Submit> waiting = new ArrayDeque<>();
    private boolean closed;
    /** The task thread waits in {@link #take()}: the next add wakes it. */
    private boolean awaited;

    /** A task the node sent; it runs after those before it. */
    synchronized void add(Submit task) {
        if (closed) {
            return;
        }
        waiting.addLast(task);
        if (awaited) {
            notifyAll();
        }
    }

    /** The next task to run, or null if none waits now. */
    synchronized Submit poll() {
        return closed ? null : waiting.pollFirst();
    }

    /** The next task to run, waiting for one; null once the link has ended. */
    synchronized Submit take() {
        while (waiting.isEmpty() && !closed) {
            awaited = true;
            try {
                wait();
            } catch (InterruptedException e) {
                // interrupts land only while a task runs (Lifeline); nothing else interrupts this thread
            } finally {
                awaited = false;
            }
        }
        return closed ? null : waiting.pollFirst();
    }

    /** Takes task {@code id} out if it has not started; returns whether it was waiting here. */
    synchronized boolean remove(String id) {
        for (Iterator<Submit> it = waiting.iterator(); it.hasNext(); ) {
            if (it.next().id().equals(id)) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    /** The link has ended: what waits here will not run. */
    synchronized void close() {
        closed = true;
        waiting.clear();
        notifyAll();
    }
}
