package io.argon.client;

/**
 * The outcome of one task of a {@link ArgonClient#map map}: its result, or the error it failed
 * with.
 *
 * @param index  the position of its params in the input, from 0
 * @param result the task's result, or null if it failed
 * @param error  why it failed, or null if it ran
 * @param <T>    the type of the tasks' results
 */
public record MapResult<T>(long index, T result, ArgonException error) {
    /**
     * Whether the task failed.
     *
     * @return true if it failed ({@link #error()} says why), false if it ran and gave a result
     */
    public boolean failed() {
        return error != null;
    }

    /**
     * The result; throws the task's error (from this thread, its cause the original's) if it failed.
     *
     * @return the task's result, which may be null if the task returned null
     * @throws ArgonException why the task gave no result, if it failed
     */
    public T get() {
        if (error != null) {
            throw error.inCaller();
        }
        return result;
    }
}
