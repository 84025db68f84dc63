package io.argon.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.argon.core.HostPort;
import io.argon.core.security.LinkSecurity;
import io.argon.protocol.Control;
import io.argon.protocol.Json;
import io.argon.protocol.Message;
import io.argon.protocol.RawJson;
import io.argon.protocol.Status;
import io.argon.protocol.Submit;
import io.argon.task.Task;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.net.ssl.SSLException;

/**
 * Talks to an Argon node or manager (the protocol is the same for both).
 *
 * <pre>{@code
 * try (ArgonClient client = new ArgonClient("127.0.0.1", 8000)) {
 *     int answer = client.process("io.argon.examples.SampleTask", Map.of("num", 42), Integer.class);
 * }
 * }</pre>
 *
 * <p>Thread-safe: any number of threads may submit at once, and any number of tasks may be in
 * flight over the client's one connection. A rejected task (every queue full) is sent again
 * after a randomised, growing delay.
 *
 * <p>A client may be given several addresses (managers, say): it uses one, and moves to the
 * next when its connection is refused or lost. When a connection is lost, the tasks in flight
 * on it that were submitted as safe to run again ({@link SubmitOptions#asIdempotent()}) are
 * sent again through the next address; every other one fails with an
 * {@link OutcomeUnknownException}, since it may or may not have run. Every task gets exactly
 * one outcome.
 *
 * <p>Futures from {@code submit} complete on the client's I/O thread: chain work that blocks
 * with the {@code ...Async} methods of {@link CompletableFuture}.
 */
public final class ArgonClient implements AutoCloseable {
    private final Connector connector;
    private final AtomicLong ids = new AtomicLong();

    public ArgonClient(String host, int port) {
        this(host, port, ClientOptions.defaults());
    }

    /** @throws ArgonException when the TLS files in {@code options} cannot be used */
    public ArgonClient(String host, int port, ClientOptions options) {
        this(List.of(new HostPort(host, port)), options);
    }

    /**
     * A client of several equivalent daemons (managers, or nodes), tried in this order.
     *
     * @throws ArgonException when the TLS files in {@code options} cannot be used
     * @throws IllegalArgumentException when {@code servers} is empty
     */
    public ArgonClient(List<HostPort> servers, ClientOptions options) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("a client needs at least one address");
        }
        LinkSecurity security;
        try {
            security = new LinkSecurity(options.secret(), options.tls().clientContext());
        } catch (SSLException e) {
            throw new ArgonException("cannot set up TLS: " + e.getMessage(), e);
        }
        this.connector = new Connector(servers, options, security);
    }

    /**
     * Connects now rather than on first use, and waits until the link is ready.
     *
     * @throws ConnectionException when no address takes the connection
     */
    public ArgonClient connect() {
        await(connector.connection());
        return this;
    }

    /** Submits a task; the future completes with its result as a JSON tree. */
    public CompletableFuture<JsonNode> submit(String className, Object params) {
        return submit(className, params, SubmitOptions.DEFAULT);
    }

    /**
     * Submits a task with per-task choices (priority, timeout, ...). Cancelling the returned
     * future cancels the task; so does it for every {@code submit}.
     */
    public CompletableFuture<JsonNode> submit(String className, Object params, SubmitOptions submitOptions) {
        return send(className, params, submitOptions, RawJson::toTree);
    }

    /** Submits a task; the future completes with its result converted to {@code resultType}. */
    public <T> CompletableFuture<T> submit(String className, Object params, Class<T> resultType) {
        JavaType type = Json.MAPPER.constructType(resultType);
        return send(className, params, SubmitOptions.DEFAULT, raw -> convert(raw, type));
    }

    /** Submits a task instance: its class name and its fields (as Jackson writes them) are sent. */
    public <R> CompletableFuture<R> submit(Task<R> task) {
        return submit(task, SubmitOptions.DEFAULT);
    }

    public <R> CompletableFuture<R> submit(Task<R> task, SubmitOptions submitOptions) {
        JavaType resultType = resultTypeOf(task);
        return send(task.getClass().getName(), task, submitOptions, raw -> convert(raw, resultType));
    }

    /** Runs a task and waits for its result, as a JSON tree. */
    public JsonNode process(String className, Object params) {
        return await(submit(className, params));
    }

    /** Runs a task and waits for its result, converted to {@code resultType}. */
    public <T> T process(String className, Object params, Class<T> resultType) {
        return await(submit(className, params, resultType));
    }

    /** Runs a task instance and waits for its result. */
    public <R> R process(Task<R> task) {
        return await(submit(task));
    }

    /**
     * Runs {@code className} once for each of {@code params}, with at most {@code maxInFlight}
     * tasks in flight over this client's connection, and returns the outcomes in the order of
     * {@code params}. The stream is lazy: consuming it sends the tasks, and params are taken
     * from the iterator only as room frees up (at most {@code 2 * maxInFlight} ahead of the
     * outcome handed out last), so an unbounded source runs in bounded memory. A task that
     * fails gives a {@link MapResult} with its error, and the map goes on. Consume the stream on
     * one thread, not the client's I/O thread. Closing the stream (or a try-with-resources
     * around it) cancels the tasks in flight and reads no more params; the outcomes still
     * handed out after that are those tasks' results or cancellations.
     *
     * <pre>{@code
     * int sum = client.map("io.argon.examples.SampleTask", params.iterator(), 16, SubmitOptions.DEFAULT)
     *         .mapToInt(outcome -> outcome.get().asInt()).sum();
     * }</pre>
     */
    public Stream<MapResult> map(String className, Iterator<?> params, int maxInFlight, SubmitOptions submitOptions) {
        OrderedMap outcomes = new OrderedMap(params, maxInFlight, each -> submit(className, each, submitOptions));
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(outcomes, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(outcomes::cancel);
    }

    /** {@link #map(String, Iterator, int, SubmitOptions)} over a collection, with default options. */
    public Stream<MapResult> map(String className, Iterable<?> params, int maxInFlight) {
        return map(className, params.iterator(), maxInFlight, SubmitOptions.DEFAULT);
    }

    /**
     * Asks the node or manager what it is doing; the future completes with its status report
     * (see docs/PROTOCOL.md for the fields). Answered at once, however busy the daemon is.
     */
    public CompletableFuture<JsonNode> status() {
        return request(new Status(Long.toString(ids.incrementAndGet())));
    }

    /**
     * Asks the daemon to roll its workers over to the task code as it is on disk now, one at a
     * time (a manager: every node, one at a time). Completes, once done, with what was done.
     * Never sent to another address.
     */
    public CompletableFuture<JsonNode> reload() {
        return reload(null);
    }

    /**
     * Asks a manager to have one of its registered nodes reload (see {@link #reload()});
     * {@code node} is its address as the manager's status lists it, or null for the daemon itself.
     */
    public CompletableFuture<JsonNode> reload(String node) {
        return control(Control.Action.RELOAD, node);
    }

    /**
     * Asks a node to take no new tasks (its managers stop sending them, and show it drained) and
     * finish what it holds; completes once it holds nothing. The node stays up until
     * {@link #undrain()}.
     */
    public CompletableFuture<JsonNode> drain() {
        return drain(null);
    }

    /** Asks a manager to drain one of its registered nodes (see {@link #drain()}), by its address. */
    public CompletableFuture<JsonNode> drain(String node) {
        return control(Control.Action.DRAIN, node);
    }

    /** Asks a drained node to take tasks again (and tells its managers so). */
    public CompletableFuture<JsonNode> undrain() {
        return undrain(null);
    }

    /** Asks a manager to undrain one of its registered nodes (see {@link #undrain()}), by its address. */
    public CompletableFuture<JsonNode> undrain(String node) {
        return control(Control.Action.UNDRAIN, node);
    }

    private CompletableFuture<JsonNode> control(Control.Action action, String node) {
        return request(new Control(Long.toString(ids.incrementAndGet()), action, node));
    }

    /** Sends a request that is not a task; the future completes with the report it is answered with. */
    private CompletableFuture<JsonNode> request(Message request) {
        Call call = new Call(request);
        connector.send(call);
        return call.result.thenApply(RawJson::toTree);
    }

    /** How many times, over this client's life, a task was answered {@code rejected} (queue full). */
    public long rejections() {
        return connector.rejections();
    }

    /** Closes the connection; tasks still in flight fail with a {@link ConnectionException}. */
    @Override
    public void close() {
        connector.close();
    }

    private <T> T await(CompletableFuture<T> future) {
        if (connector.inEventLoop()) {
            throw new IllegalStateException("this call would block the client's I/O thread, which runs completion callbacks: "
                    + "use submit() there, or the ...Async methods of CompletableFuture");
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArgonException("interrupted while waiting for a task's result", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new ArgonException(e.getCause().getMessage(), e.getCause());
        }
    }

    private <T> CompletableFuture<T> send(String className, Object params, SubmitOptions submitOptions, Function<RawJson, T> decode) {
        Call call;
        try {
            call = new Call(new Submit(Long.toString(ids.incrementAndGet()), className, toParams(params),
                    submitOptions.priority(), submitOptions.idempotent(), submitOptions.timeout().toMillis(),
                    submitOptions.maxAttempts()));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        TaskFuture<T> future = new TaskFuture<>(() -> {
            call.cancelled = true;
            Connection current = call.sentOn;
            if (current != null) {
                current.cancel(call);
            }
        });
        call.result.whenComplete((raw, error) -> {
            if (error != null) {
                future.completeExceptionally(error);
                return;
            }
            try {
                future.complete(decode.apply(raw));
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        });
        connector.send(call);
        return future;
    }

    private static RawJson toParams(Object params) {
        if (params == null) {
            return RawJson.EMPTY_OBJECT;
        }
        if (params instanceof RawJson raw) {
            return raw;
        }
        RawJson json;
        try {
            json = params instanceof JsonNode tree ? RawJson.of(tree) : RawJson.wrap(Json.MAPPER.writeValueAsBytes(params));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("task params cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        if (!json.isObject()) {
            throw new IllegalArgumentException("task params must be a JSON object, got " + json);
        }
        return json;
    }

    private static JavaType resultTypeOf(Task<?> task) {
        JavaType[] bound = Json.MAPPER.getTypeFactory().findTypeParameters(task.getClass(), Task.class);
        return bound.length == 1 ? bound[0] : Json.MAPPER.constructType(Object.class);
    }

    private static <T> T convert(RawJson json, JavaType type) {
        try {
            return Json.MAPPER.readValue(json.utf8(), type);
        } catch (IOException e) {
            throw new ArgonException("result " + json + " does not convert to " + type + ": " + e.getMessage(), e);
        }
    }
}
