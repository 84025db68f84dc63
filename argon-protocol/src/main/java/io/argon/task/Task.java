package io.argon.task;

/**
 * A unit of work that Argon runs on a worker JVM.
 *
 * <p>A task is built on the worker from the JSON params it was submitted with (Jackson binds
 * them to a record, a {@code @JsonCreator} constructor or a bean), then {@link #run()} is
 * called once. Whatever {@code run()} returns is written back to the caller as JSON.
 *
 * @param <R> the result type; anything Jackson can serialise
 */
@FunctionalInterface
public interface Task<R> {
    R run() throws Exception;
}
