package io.argon.client;

import java.util.concurrent.CompletableFuture;

/**
 * The future of a submitted task. Cancelling it cancels the task where it is held: the daemon
 * drops it if it has not started, or stops it. Futures derived from it ({@code thenApply} and
 * the like) are plain ones: cancel this one.
 */
final class TaskFuture<T> extends CompletableFuture<T> {
    private final Runnable cancelTask;

    TaskFuture(Runnable cancelTask) {
        this.cancelTask = cancelTask;
    }

    /**
     * Sends the cancel before this future completes: whoever waits on it may close the client
     * as soon as it does, and the cancel must be on its way by then. (If the answer comes in
     * between, the daemon ignores a cancel of an answered task.)
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone()) {
            return false;
        }
        cancelTask.run();
        return super.cancel(mayInterruptIfRunning);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
