package io.argon.core.daemon;

import io.argon.task.Priority;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * A bounded queue that serves higher priorities first and is FIFO within a priority.
 *
 * <p>The bound is the point: a full queue makes the caller reject work at once instead of
 * building a backlog that keeps the system slow long after a burst. Not thread-safe; each
 * daemon keeps its queue on its event loop.
 */
public final class TaskQueue<T> {
    private final ArrayDeque<T>[] lanes;
    private final int capacity;
    private int size;

    @SuppressWarnings("unchecked")
    public TaskQueue(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
        }
        this.capacity = capacity;
        this.lanes = new ArrayDeque[Priority.values().length];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new ArrayDeque<>();
        }
    }

    /** Adds the item unless the queue is full; returns whether it was added. */
    public boolean offer(T item, Priority priority) {
        if (size >= capacity) {
            return false;
        }
        lanes[priority.ordinal()].addLast(item);
        size++;
        return true;
    }

    /** Puts an item back at the head of its lane, ignoring the bound (for work that was already admitted). */
    public void requeueFirst(T item, Priority priority) {
        lanes[priority.ordinal()].addFirst(item);
        size++;
    }

    /** Removes an item that is waiting (a cancelled or timed-out task); returns whether it was there. */
    public boolean remove(T item, Priority priority) {
        if (lanes[priority.ordinal()].remove(item)) {
            size--;
            return true;
        }
        return false;
    }

    /** Removes and returns the most urgent item, or null when empty. */
    public T poll() {
        if (size == 0) {
            return null;
        }
        for (ArrayDeque<T> lane : lanes) {
            T item = lane.pollFirst();
            if (item != null) {
                size--;
                return item;
            }
        }
        throw new IllegalStateException("size " + size + " but every lane is empty");
    }

    /** Removes every item, most urgent first, handing each to {@code sink}. */
    public void drainTo(Consumer<? super T> sink) {
        T item;
        while ((item = poll()) != null) {
            sink.accept(item);
        }
    }

    public int size() {
        return size;
    }

    /** How many items of {@code priority} wait. */
    public int size(Priority priority) {
        return lanes[priority.ordinal()].size();
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public boolean isFull() {
        return size >= capacity;
    }

    public int capacity() {
        return capacity;
    }
}
