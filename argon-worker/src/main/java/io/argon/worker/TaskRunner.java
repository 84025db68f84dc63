package io.argon.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Message;
import io.argon.protocol.RawJson;
import io.argon.protocol.Result;
import io.argon.protocol.Submit;
import io.argon.protocol.TaskCodec;
import io.argon.task.Task;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a task from a {@link Submit} and runs it, turning every way that can go wrong into a
 * {@link Failure} with its own {@link ErrorKind}. Runs inside a worker JVM.
 */
final class TaskRunner {
    private final ClassLoader loader;
    /** How params are bound and results written: the client's rules, with the task jars' Jackson modules. */
    private final TaskCodec codec;
    private final Map<String, ObjectReader> readers = new HashMap<>();

    TaskRunner(ClassLoader loader) {
        this.loader = loader;
        this.codec = TaskCodec.forClassLoader(loader, List.of());
    }

    /** Runs the task and answers it, saying how long that took ({@code run_ns}). */
    Message run(Submit request) {
        long began = System.nanoTime();
        Message answer = answer(request, began);
        return answer instanceof Failure failure ? failure.withRunNanos(ranSince(began)) : answer;
    }

    private static long ranSince(long began) {
        return Math.max(1, System.nanoTime() - began);
    }

    /** The task's answer: a result, which says how long the task ran since {@code began}, or a failure. */
    private Message answer(Submit request, long began) {
        String id = request.id();
        ObjectReader reader;
        try {
            reader = readerFor(request.className());
        } catch (ClassNotFoundException | LinkageError e) {
            return Failure.of(id, ErrorKind.CLASS_NOT_FOUND,
                    "task class " + request.className() + " is not on the workers' classpath (" + e + ")");
        } catch (NotATaskException e) {
            return Failure.of(id, ErrorKind.NOT_A_TASK, e.getMessage());
        }

        Task<?> task;
        RawJson params = request.params() != null ? request.params() : RawJson.EMPTY_OBJECT;
        try {
            task = params.read(reader);
        } catch (Exception | LinkageError e) {
            String why = ParamsErrors.explain(e, params, request.className());
            // The task's own code threw (its constructor, its static initialiser): its exception and
            // where, as for a task that fails. Params that do not fit: the sentence says all there is.
            Throwable thrown = e instanceof ValueInstantiationException refused && refused.getCause() != null ? refused.getCause()
                    : e instanceof JsonProcessingException ? null : e;
            if (thrown == null) {
                return Failure.of(id, ErrorKind.BAD_PARAMS, why);
            }
            Failure failure = Failure.of(id, ErrorKind.BAD_PARAMS, thrown);
            return new Failure(id, ErrorKind.BAD_PARAMS, why, failure.exception(), failure.stack());
        }

        Object value;
        try {
            value = task.run();
        } catch (Throwable e) {
            // OutOfMemoryError never gets here: workers run with -XX:+ExitOnOutOfMemoryError,
            // since a JVM that ran out of memory is no longer trustworthy.
            return Failure.of(id, ErrorKind.TASK_FAILED, e);
        }

        try {
            return new Result(id, codec.writeResult(value), ranSince(began));
        } catch (JsonProcessingException e) {
            return Failure.of(id, ErrorKind.BAD_RESULT, e);
        }
    }

    private ObjectReader readerFor(String className) throws ClassNotFoundException, NotATaskException {
        ObjectReader reader = readers.get(className);
        if (reader == null) {
            // initialize=false: naming an arbitrary class must not run its static initialiser.
            Class<?> type = Class.forName(className, false, loader);
            if (!Task.class.isAssignableFrom(type)) {
                throw new NotATaskException(className + " does not implement " + Task.class.getName());
            }
            if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
                throw new NotATaskException(className + " is abstract; name a concrete Task class");
            }
            reader = codec.paramsReader(type);
            readers.put(className, reader);
        }
        return reader;
    }

    private static final class NotATaskException extends Exception {
        NotATaskException(String message) {
            super(message);
        }
    }
}
