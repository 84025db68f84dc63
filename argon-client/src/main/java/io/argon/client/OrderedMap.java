package io.argon.client;

import io.argon.core.Futures;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Runs one task per element of a sequence of params with a bound on those in flight, and gives
 * their outcomes back in the order of the params. Pulling the next outcome is what moves the
 * work: params are read only when there is room, so an endless source runs in bounded memory.
 *
 * <p>Two bounds: at most {@code maxInFlight} tasks sent and not yet answered, and at most
 * {@code 2 * maxInFlight} taken from the source and not yet handed out, so that results that
 * finish ahead of a slow task are held in a bounded buffer until it is done.
 *
 * <p>Used from one thread, the one iterating; completions from the client's I/O thread only
 * free room and wake it.
 */
final class OrderedMap<T> implements Iterator<MapResult<T>> {
    private final Iterator<?> params;
    private final Function<Object, ? extends CompletableFuture<T>> submit;
    private final int maxInFlight;
    private final int maxHeld;
    /** Tasks taken from the source and not yet handed out, oldest first. */
    private final ArrayDeque<CompletableFuture<T>> held = new ArrayDeque<>();
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private int inFlight;
    /** No more params are taken: the map was cancelled. Guarded by {@link #lock}. */
    private boolean cancelled;
    private long nextIndex;

    /** The outcomes as a lazy, ordered stream; closing it cancels what is in flight. */
    static <T> Stream<MapResult<T>> stream(Iterator<?> params, int maxInFlight, Function<Object, ? extends CompletableFuture<T>> submit) {
        OrderedMap<T> outcomes = new OrderedMap<>(params, maxInFlight, submit);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(outcomes, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(outcomes::cancel);
    }

    OrderedMap(Iterator<?> params, int maxInFlight, Function<Object, ? extends CompletableFuture<T>> submit) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
        this.params = params;
        this.submit = submit;
        this.maxInFlight = maxInFlight;
        this.maxHeld = Math.multiplyExact(2, maxInFlight);
    }

    @Override
    public boolean hasNext() {
        synchronized (lock) {
            return !held.isEmpty() || (!cancelled && params.hasNext());
        }
    }

    /**
     * Takes no more params and cancels every task taken and not yet answered, where it is held
     * (see {@link ArgonClient#submit}): the outcomes still to be handed out are their results or
     * their cancellations. Any thread may call it, a signal handler's included.
     */
    void cancel() {
        List<CompletableFuture<T>> unanswered;
        synchronized (lock) {
            cancelled = true;
            unanswered = new ArrayList<>(held);
        }
        unanswered.forEach(task -> task.cancel(true));
    }

    @Override
    public MapResult<T> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CompletableFuture<T> oldest;
        synchronized (lock) {
            if (held.isEmpty() && cancelled) {
                throw new NoSuchElementException();
            }
            while (true) {
                sendWhileThereIsRoom();
                oldest = held.peekFirst();
                if (oldest.isDone()) {
                    break;
                }
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ArgonException(FailureKind.CANCELLED, null, "interrupted while waiting for a task's result", e);
                }
            }
        }
        synchronized (lock) {
            held.pollFirst();
        }
        return outcome(nextIndex++, oldest);
    }

    /** Takes params from the source and sends their tasks while both bounds allow. Under {@link #lock}. */
    private void sendWhileThereIsRoom() {
        while (!cancelled && inFlight < maxInFlight && held.size() < maxHeld && params.hasNext()) {
            Object next = params.next();
            inFlight++;
            CompletableFuture<T> task;
            try {
                task = submit.apply(next);
            } catch (RuntimeException e) {
                task = CompletableFuture.failedFuture(e);
            }
            held.addLast(task);
            task.whenComplete((result, error) -> {
                synchronized (lock) {
                    inFlight--;
                    lock.notifyAll();
                }
            });
        }
    }

    private static <T> MapResult<T> outcome(long index, CompletableFuture<T> done) {
        try {
            return new MapResult<>(index, done.join(), null);
        } catch (CancellationException e) {
            String id = done instanceof TaskFuture<?> task ? task.id() : null;
            return new MapResult<>(index, null, new ArgonException(FailureKind.CANCELLED, id, "task " + id + " was cancelled", e));
        } catch (CompletionException e) {
            return new MapResult<>(index, null, Calls.asArgonException(Futures.unwrap(e)));
        }
    }
}
