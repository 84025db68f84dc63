package io.argon.client;

import java.util.Collection;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The future of a submitted task: it completes with the task's result, or with an
 * {@link ArgonException} that says why there is none. Giving up on it gives up on the task:
 * {@link #cancel}, {@link #complete}, {@link #completeExceptionally} and {@link #orTimeout}
 * each cancel the task where it is held (dropped if it waits, stopped if it runs), so its
 * worker is freed. Futures derived from it ({@code thenApply} and the like) are plain ones:
 * cancel this one.
 *
 * <p>It completes on the client's I/O thread: chain work that blocks with the {@code ...Async}
 * methods.
 *
 * @param <T> the type of the task's result
 */
public final class TaskFuture<T> extends CompletableFuture<T> {
    private final String id;
    private final Runnable giveUp;

    TaskFuture(String id, Runnable giveUp) {
        this.id = id;
        this.giveUp = giveUp;
    }

    /**
     * The task's id, as the daemons' logs and every exception about it name it.
     *
     * @return the id, a number unique within this client
     */
    public String id() {
        return id;
    }

    /**
     * Cancels the task: a task still waiting (in the client or a daemon's queue) is dropped,
     * one running is stopped. The cancel is on its way before this future completes.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone()) {
            return false;
        }
        giveUp.run();
        return super.cancel(mayInterruptIfRunning);
    }

    /** Completes the future with {@code value} in place of the task's result, and cancels the task. */
    @Override
    public boolean complete(T value) {
        if (isDone()) {
            return false;
        }
        giveUp.run();
        return super.complete(value);
    }

    /** Completes the future with {@code error} in place of the task's outcome, and cancels the task ({@link #orTimeout} does this). */
    @Override
    public boolean completeExceptionally(Throwable error) {
        if (isDone()) {
            return false;
        }
        giveUp.run();
        return super.completeExceptionally(error);
    }

    /** Completes it with the task's result (the client's own path, which cancels nothing). */
    boolean settle(T value) {
        return super.complete(value);
    }

    /** Completes it with why the task gave no result (the client's own path, which cancels nothing). */
    boolean fail(Throwable error) {
        return super.completeExceptionally(error);
    }

    /** Futures derived from this one are plain {@link CompletableFuture}s. */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    @Override
    public String toString() {
        return "task " + id + " " + super.toString().substring(super.toString().indexOf('['));
    }

    /**
     * The futures, in the order they complete: a stream that hands out each future once it is
     * done (blocking until the next one is), for handling results as they come rather than in
     * the order they were submitted. Consume it on one thread, not the client's I/O thread.
     *
     * <pre>{@code
     * TaskFuture.inCompletionOrder(client.submitAll(tasks)).forEach(done -> print(done.join()));
     * }</pre>
     *
     * @param futures the futures to hand out, as {@link ArgonClient#submitAll} gives them
     * @param <T>     the type of the tasks' results
     * @return the same futures, each once it is done, in the order they complete; a wait for the next that is
     *         interrupted throws an {@link ArgonException} of kind {@link FailureKind#CANCELLED}
     */
    public static <T> Stream<TaskFuture<T>> inCompletionOrder(Collection<TaskFuture<T>> futures) {
        LinkedBlockingQueue<TaskFuture<T>> done = new LinkedBlockingQueue<>();
        futures.forEach(future -> future.whenComplete((result, error) -> done.add(future)));
        int total = futures.size();
        Spliterator<TaskFuture<T>> inOrder = new Spliterators.AbstractSpliterator<>(total,
                Spliterator.SIZED | Spliterator.NONNULL | Spliterator.DISTINCT) {
            private int handedOut;

            @Override
            public boolean tryAdvance(Consumer<? super TaskFuture<T>> action) {
                if (handedOut == total) {
                    return false;
                }
                try {
                    TaskFuture<T> next = done.take();
                    handedOut++;
                    action.accept(next);
                    return true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ArgonException(FailureKind.CANCELLED, null, "interrupted while waiting for the next task to complete", e);
                }
            }
        };
        return StreamSupport.stream(inOrder, false);
    }
}
