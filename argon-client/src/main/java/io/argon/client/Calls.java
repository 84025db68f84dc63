package io.argon.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Message;
import io.argon.protocol.RawJson;
import io.argon.protocol.Submit;
import io.argon.protocol.TaskCodec;
import io.argon.task.Task;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a submit becomes: the task's params written by the {@link TaskCodec}'s rules (a task
 * object checked first to be sendable), a {@link Call} paced by the {@link Dispatcher}, a
 * {@link TaskFuture} that reads the result, and, for a task with a timeout, a timer of the
 * client's own, so that no future waits for ever on a daemon that has stopped answering.
 */
final class Calls {
    /** How long past a task's timeout the client waits for the daemon's own answer before it fails the task itself. */
    static final Duration TIMEOUT_GRACE = Duration.ofSeconds(1);

    private final Connector connector;
    private final Dispatcher dispatcher;
    private final TaskCodec codec;
    private final AtomicLong ids = new AtomicLong();
    /** Tasks submitted and not yet done, by id, so that closing can cancel what is left. */
    private final Map<String, TaskFuture<?>> outstanding = new ConcurrentHashMap<>();
    /** Set by a closing client: what is submitted after fails at once. */
    private volatile String refusing;

    Calls(Connector connector, int maxInFlight, TaskCodec codec) {
        this.connector = connector;
        this.dispatcher = new Dispatcher(maxInFlight, this::send);
        this.codec = codec;
    }

    /** The window its tasks go through. */
    Dispatcher dispatcher() {
        return dispatcher;
    }

    TaskCodec codec() {
        return codec;
    }

    /** A task object: checked to be sendable, its fields as params, its result read as its {@code Task<R>} says. */
    <R> TaskFuture<R> submit(Task<R> task, SubmitOptions options) {
        String className = task.getClass().getName();
        try {
            codec.checkSendable(task);
        } catch (IllegalArgumentException e) {
            String id = nextId();
            return failed(id, new ArgonException(FailureKind.INVALID_TASK, id, e.getMessage() + "; task " + id
                    + " was not sent", e));
        }
        return submit(className, task, options, codec.resultTypeOf(task.getClass()));
    }

    /** A task by class name: {@code params} written as JSON, the result read as {@code resultType} (null: a JSON tree). */
    <T> TaskFuture<T> submit(String className, Object params, SubmitOptions options, JavaType resultType) {
        String id = nextId();
        String refusal = refusing;
        if (refusal != null) {
            return failed(id, new ConnectionException(id, refusal + "; task " + id + " (" + className + ") was not sent, so it did not run",
                    null));
        }
        Submit submit;
        try {
            submit = new Submit(id, className, params(params), options.priority(), options.idempotent(),
                    options.timeout().toMillis(), options.maxAttempts());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            return failed(id, new ArgonException(FailureKind.INVALID_TASK, id, "task " + id + " (" + className
                    + ") cannot be sent: its params cannot be written as JSON: " + why, e));
        }
        long timeoutNanos = options.timeout().toNanos();
        Call call = new Call(submit, timeoutNanos);
        TaskFuture<T> future = new TaskFuture<>(id, () -> giveUp(call));
        outstanding.put(id, future);
        future.whenComplete((result, error) -> outstanding.remove(id));
        call.result.whenComplete((raw, error) -> {
            if (call.cancelled) {
                return; // its future was cancelled or completed by its caller
            }
            if (error != null) {
                future.fail(asArgonException(error, call));
                return;
            }
            try {
                future.settle(decode(raw, resultType, call));
            } catch (ArgonException e) {
                future.fail(e);
            }
        });
        dispatcher.enqueue(call);
        return future;
    }

    /**
     * Sends a task the dispatcher gave a place in the window. The first time, its timeout starts,
     * and with it the client's own timer.
     */
    void send(Call call) {
        if (call.startClock(System.nanoTime())) {
            ScheduledFuture<?> timer = connector.schedule(() -> timedOut(call, Duration.ofNanos(call.timeoutNanos)),
                    call.timeoutNanos + TIMEOUT_GRACE.toNanos());
            if (timer != null) {
                call.result.whenComplete((raw, error) -> timer.cancel(false));
            }
        }
        connector.send(call);
    }

    /** A request that is not a task (status, control): not paced, answered with a report. */
    CompletableFuture<JsonNode> request(Message request) {
        Call call = new Call(request);
        connector.send(call);
        return call.result.thenApply(RawJson::toTree);
    }

    String nextId() {
        return Long.toString(ids.incrementAndGet());
    }

    /** From now on every submit fails at once, saying {@code why}. */
    void refuse(String why) {
        refusing = why;
    }

    /** Cancels every task not yet done; returns how many there were. */
    int cancelOutstanding() {
        List<TaskFuture<?>> left = new ArrayList<>(outstanding.values());
        left.forEach(future -> future.cancel(true));
        return left.size();
    }

    /**
     * Waits for a future on behalf of a blocking call: its result, or its failure thrown from
     * this thread (the original as the cause's holder: same kind, message and cause).
     * Interrupting the wait cancels the task.
     */
    <T> T await(CompletableFuture<T> future) {
        if (connector.inEventLoop()) {
            throw new IllegalStateException("this call would block the client's I/O thread, which runs completion callbacks: "
                    + "use submit() there, or the ...Async methods of CompletableFuture");
        }
        String id = future instanceof TaskFuture<?> task ? task.id() : null;
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ArgonException(FailureKind.CANCELLED, id, "interrupted while waiting for " + (id != null ? "task " + id
                    : "an answer") + "; " + (id != null ? "the task was cancelled" : "it was given up"), e);
        } catch (CancellationException e) {
            throw new ArgonException(FailureKind.CANCELLED, id, "task " + id + " was cancelled", e);
        } catch (ExecutionException e) {
            throw asArgonException(e.getCause(), null).inCaller();
        }
    }

    /** The task's caller gave up on it: it is dropped where it waits, or cancelled where it runs. */
    private void giveUp(Call call) {
        call.cancelled = true;
        Connection sentOn = call.sentOn;
        if (sentOn != null) {
            sentOn.cancel(call);
        }
        call.result.completeExceptionally(new CancellationException("task " + call.id() + " was cancelled"));
    }

    /** The daemon did not answer within the task's timeout and the grace: the client fails the task itself. */
    private void timedOut(Call call, Duration timeout) {
        if (call.result.isDone()) {
            return;
        }
        Connection sentOn = call.sentOn;
        if (sentOn != null) {
            sentOn.cancel(call);
        }
        call.result.completeExceptionally(new TaskFailedException(FailureKind.TIMEOUT, call.taskId(), call.describe(),
                Failure.of(call.id(), ErrorKind.TIMEOUT, "no answer within its timeout of " + timeout.toMillis() + " ms and "
                        + TIMEOUT_GRACE.toMillis() + " ms more (the daemon may be frozen, or the link silent); it was "
                        + (sentOn != null ? "asked to cancel the task" : "not sent"))));
    }

    @SuppressWarnings("unchecked")
    private <T> T decode(RawJson raw, JavaType resultType, Call call) {
        if (resultType == null) {
            return (T) raw.toTree();
        }
        try {
            return codec.readResult(raw, resultType);
        } catch (IOException e) {
            throw new ResultTypeException(call.taskId(), call.describe(), raw.toTree(), resultType.toCanonical(), e);
        }
    }

    private RawJson params(Object params) throws JsonProcessingException {
        if (params == null) {
            return RawJson.EMPTY_OBJECT;
        }
        if (params instanceof RawJson raw) {
            return raw;
        }
        if (params instanceof JsonNode tree) {
            return RawJson.of(tree);
        }
        return codec.writeParams(params);
    }

    private static <T> TaskFuture<T> failed(String id, ArgonException error) {
        TaskFuture<T> future = new TaskFuture<>(id, () -> { });
        future.fail(error);
        return future;
    }

    /** Any failure as the one exception the client's callers see. */
    static ArgonException asArgonException(Throwable error, Call call) {
        if (error instanceof ArgonException argon) {
            return argon;
        }
        String id = call != null ? call.taskId() : null;
        String what = call != null ? call.describe() : "the request";
        if (error instanceof CancellationException) {
            return new ArgonException(FailureKind.CANCELLED, id, what + " was cancelled", error);
        }
        if (error instanceof TimeoutException) {
            return new ArgonException(FailureKind.TIMEOUT, id, what + " timed out waiting for its answer", error);
        }
        return new ArgonException(FailureKind.INTERNAL, id, what + " failed in the client: " + error, error);
    }

    /** {@link #asArgonException(Throwable, Call)} for a failure known by its future only. */
    static ArgonException asArgonException(Throwable error) {
        return asArgonException(error, null);
    }
}
