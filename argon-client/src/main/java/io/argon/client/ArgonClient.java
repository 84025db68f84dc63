package io.argon.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.argon.core.HostPort;
import io.argon.protocol.TaskCodec;
import io.argon.task.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Runs tasks on an Argon node or manager (the protocol is the same for both).
 *
 * <pre>{@code
 * try (ArgonClient client = new ArgonClient("127.0.0.1", 8000)) {
 *     String resized = client.process(new Resize("cat", 64));                      // typed by Resize's Task<String>
 *     TaskFuture<Integer> sum = client.submit(SampleTask.class, Map.of("num", 42)); // by class, params as JSON
 * }
 * }</pre>
 *
 * <p>Thread-safe: any number of threads may submit at once, and any number of tasks may be in
 * flight over the client's one connection. At most {@link ClientOptions#maxInFlight()} are
 * sent and unanswered at once; the rest wait in the client and go out in the order they were
 * submitted. A task that meets full queues ({@code rejected}) is sent again after a
 * randomised, growing delay.
 *
 * <p>Every task gets exactly one outcome, and no future waits for ever: a task with a timeout
 * fails on the client's side too, shortly after its timeout, if no answer came; a link that
 * goes silent is found by its heartbeat and closed; a peer that is no Argon daemon fails the
 * connection at once. Every failure is an {@link ArgonException} whose {@link FailureKind} says
 * what happened.
 *
 * <p>A client may be given several addresses (managers, say): it uses one, and moves to the
 * next when its connection is refused or lost. When a connection is lost, the tasks in flight
 * on it that were submitted as safe to run again ({@link SubmitOptions#asIdempotent()}) are
 * sent again through the next address; every other one fails with an
 * {@link OutcomeUnknownException}, since it may or may not have run.
 *
 * <p>Futures complete on the client's I/O thread: chain work that blocks with the
 * {@code ...Async} methods of {@link CompletableFuture}, and never call a blocking method of
 * the client there (it throws an {@link IllegalStateException} rather than deadlock).
 */
public final class ArgonClient implements AutoCloseable {
    private final Connector connector;
    private final Dispatcher dispatcher;
    private final Calls calls;
    private final DaemonOperations daemon;

    /**
     * A client of the daemon at {@code host:port}, with the default options.
     *
     * @param host the daemon's host name or IP address
     * @param port the port it takes clients on (8000 unless it was told otherwise)
     * @throws IllegalArgumentException when {@code host} is empty, {@code port} is outside 0-65535, or the secret in
     *                                  {@code ARGON_SECRET} is too short
     */
    public ArgonClient(String host, int port) {
        this(host, port, ClientOptions.defaults());
    }

    /**
     * A client of the daemon at {@code host:port}.
     *
     * @param host    the daemon's host name or IP address
     * @param port    the port it takes clients on
     * @param options how to connect, pace tasks and retry them; {@link ClientOptions#defaults()} for the defaults
     * @throws IllegalArgumentException when {@code host} is empty or {@code port} is outside 0-65535
     * @throws ArgonException when the TLS files in {@code options} cannot be used
     */
    public ArgonClient(String host, int port, ClientOptions options) {
        this(Connector.to(List.of(new HostPort(host, port)), options), options);
    }

    /**
     * A client of several equivalent daemons (managers, or nodes), each {@code HOST:PORT} (the
     * port 8000 if left out), tried in this order.
     *
     * @param addresses the daemons' addresses, {@code HOST[:PORT]} or {@code [IPv6][:PORT]}; the first is tried first
     * @param options   how to connect, pace tasks and retry them; {@link ClientOptions#defaults()} for the defaults
     * @throws IllegalArgumentException when {@code addresses} is empty, or one is not {@code HOST[:PORT]}
     * @throws ArgonException when the TLS files in {@code options} cannot be used
     */
    public ArgonClient(List<String> addresses, ClientOptions options) {
        this(Connector.to(addresses.stream().map(HostPort::parse).toList(), options), options);
    }

    private ArgonClient(Connector connector, ClientOptions options) {
        this.connector = connector;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        this.calls = new Calls(connector, options.maxInFlight(), TaskCodec.forClassLoader(
                loader != null ? loader : ArgonClient.class.getClassLoader(), options.jsonModules()));
        this.dispatcher = calls.dispatcher();
        this.daemon = new DaemonOperations(calls);
    }

    /**
     * Connects now rather than on first use, and waits until the link is ready.
     *
     * @return this client
     * @throws ConnectionException when no address takes the connection
     */
    public ArgonClient connect() {
        calls.await(connector.connection());
        return this;
    }

    // ---- one task ----

    /**
     * Submits a task object: its class's name and its fields are sent, and a worker builds the
     * same task from them (see {@link TaskCodec} for the rules); the future completes with its
     * result, of the type its {@code Task<R>} declares. A task that cannot be sent (a lambda, an
     * anonymous or inner class, one that would not arrive as it was built) fails its future at
     * once, kind {@link FailureKind#INVALID_TASK}, saying why and what to do.
     *
     * @param task the task: a record, or a top-level or static nested class, whose fields are its params
     * @param <R>  the task's result type
     * @return the task's future: its result, or an {@link ArgonException} saying why there is none
     */
    public <R> TaskFuture<R> submit(Task<R> task) {
        return calls.submit(task, SubmitOptions.DEFAULT);
    }

    /**
     * Submits a task object with per-task choices: priority, timeout, safe to run again.
     *
     * @param task    the task: a record, or a top-level or static nested class, whose fields are its params
     * @param options its priority, timeout, and whether it may run twice; {@link SubmitOptions#DEFAULT} for none
     * @param <R>     the task's result type
     * @return the task's future: its result, or an {@link ArgonException} saying why there is none
     */
    public <R> TaskFuture<R> submit(Task<R> task, SubmitOptions options) {
        return calls.submit(task, options);
    }

    /**
     * Submits a task of {@code taskClass}, built on the worker from {@code params} (a map, a
     * record, a JSON tree: anything that writes as a JSON object; null for none); the future
     * completes with its result, of the type {@code taskClass}'s {@code Task<R>} declares.
     *
     * @param taskClass the task's class, which a worker loads by its name and builds from {@code params}
     * @param params    the task's params, as anything that writes as a JSON object; null for none
     * @param <R>       the task's result type
     * @return the task's future: its result, or an {@link ArgonException} (kind {@link FailureKind#INVALID_TASK},
     *         at once, if {@code params} cannot be written as JSON)
     */
    public <R> TaskFuture<R> submit(Class<? extends Task<R>> taskClass, Object params) {
        return submit(taskClass, params, SubmitOptions.DEFAULT);
    }

    /**
     * Submits a task of {@code taskClass} built from {@code params}, with per-task choices.
     *
     * @param taskClass the task's class, which a worker loads by its name and builds from {@code params}
     * @param params    the task's params, as anything that writes as a JSON object; null for none
     * @param options   its priority, timeout, and whether it may run twice; {@link SubmitOptions#DEFAULT} for none
     * @param <R>       the task's result type
     * @return the task's future: its result, or an {@link ArgonException} saying why there is none
     */
    public <R> TaskFuture<R> submit(Class<? extends Task<R>> taskClass, Object params, SubmitOptions options) {
        return calls.submit(taskClass.getName(), params, options, calls.codec().resultTypeOf(taskClass));
    }

    /**
     * Submits a task by its class's name, for a class that is not on this client's class path;
     * the future completes with its result as a JSON tree.
     *
     * @param className the task class's binary name, as {@link Class#getName()} gives it: {@code com.example.Resize}
     * @param params    the task's params, as anything that writes as a JSON object; null for none
     * @return the task's future: its result as a JSON tree, or an {@link ArgonException} saying why there is none
     */
    public TaskFuture<JsonNode> submit(String className, Object params) {
        return submit(className, params, SubmitOptions.DEFAULT);
    }

    /**
     * Submits a task by its class's name, with per-task choices; the result comes as a JSON tree.
     *
     * @param className the task class's binary name, as {@link Class#getName()} gives it: {@code com.example.Resize}
     * @param params    the task's params, as anything that writes as a JSON object; null for none
     * @param options   its priority, timeout, and whether it may run twice; {@link SubmitOptions#DEFAULT} for none
     * @return the task's future: its result as a JSON tree, or an {@link ArgonException} saying why there is none
     */
    public TaskFuture<JsonNode> submit(String className, Object params, SubmitOptions options) {
        return calls.submit(className, params, options, null);
    }

    /**
     * Submits a task by its class's name; the future completes with its result read as
     * {@code resultType}, or fails with a {@link ResultTypeException} that keeps the result.
     *
     * @param className  the task class's binary name, as {@link Class#getName()} gives it: {@code com.example.Resize}
     * @param params     the task's params, as anything that writes as a JSON object; null for none
     * @param resultType the class Jackson reads the result as
     * @param options    its priority, timeout, and whether it may run twice; {@link SubmitOptions#DEFAULT} for none
     * @param <T>        the type to read the result as
     * @return the task's future: its result read as {@code resultType}, or an {@link ArgonException} saying why there
     *         is none
     */
    public <T> TaskFuture<T> submit(String className, Object params, Class<T> resultType, SubmitOptions options) {
        return calls.submit(className, params, options, calls.codec().type(resultType));
    }

    /**
     * Runs a task object and waits for its result.
     *
     * @param task the task: a record, or a top-level or static nested class, whose fields are its params
     * @param <R>  the task's result type
     * @return the task's result, of the type its {@code Task<R>} declares
     * @throws ArgonException why there is no result, thrown from this thread (its cause, for a
     *                        task that threw, the exception on the worker)
     * @throws IllegalStateException when called on the client's I/O thread (in a future's callback)
     */
    public <R> R process(Task<R> task) {
        return calls.await(submit(task));
    }

    /**
     * Runs a task object with per-task choices and waits for its result. Interrupting the wait
     * cancels the task.
     *
     * @param task    the task: a record, or a top-level or static nested class, whose fields are its params
     * @param options its priority, timeout, and whether it may run twice; {@link SubmitOptions#DEFAULT} for none
     * @param <R>     the task's result type
     * @return the task's result, of the type its {@code Task<R>} declares
     * @throws ArgonException why there is no result
     * @throws IllegalStateException when called on the client's I/O thread (in a future's callback)
     */
    public <R> R process(Task<R> task, SubmitOptions options) {
        return calls.await(submit(task, options));
    }

    /**
     * Runs a task of {@code taskClass} built from {@code params} and waits for its result.
     *
     * @param taskClass the task's class, which a worker loads by its name and builds from {@code params}
     * @param params    the task's params, as anything that writes as a JSON object; null for none
     * @param <R>       the task's result type
     * @return the task's result, of the type {@code taskClass}'s {@code Task<R>} declares
     * @throws ArgonException why there is no result
     * @throws IllegalStateException when called on the client's I/O thread (in a future's callback)
     */
    public <R> R process(Class<? extends Task<R>> taskClass, Object params) {
        return calls.await(submit(taskClass, params));
    }

    /**
     * Runs a task by its class's name and waits for its result, as a JSON tree.
     *
     * @param className the task class's binary name, as {@link Class#getName()} gives it: {@code com.example.Resize}
     * @param params    the task's params, as anything that writes as a JSON object; null for none
     * @return the task's result, as a JSON tree
     * @throws ArgonException why there is no result
     * @throws IllegalStateException when called on the client's I/O thread (in a future's callback)
     */
    public JsonNode process(String className, Object params) {
        return calls.await(submit(className, params));
    }

    /**
     * Runs a task by its class's name and waits for its result, read as {@code resultType}.
     *
     * @param className  the task class's binary name, as {@link Class#getName()} gives it: {@code com.example.Resize}
     * @param params     the task's params, as anything that writes as a JSON object; null for none
     * @param resultType the class Jackson reads the result as
     * @param <T>        the type to read the result as
     * @return the task's result, read as {@code resultType}
     * @throws ArgonException why there is no result (a {@link ResultTypeException} if it does not read as
     *                        {@code resultType})
     * @throws IllegalStateException when called on the client's I/O thread (in a future's callback)
     */
    public <T> T process(String className, Object params, Class<T> resultType) {
        return calls.await(submit(className, params, resultType, SubmitOptions.DEFAULT));
    }

    // ---- many tasks ----

    /**
     * Submits every task, in order; the futures are in the same order. To take the results as
     * they complete instead, see {@link TaskFuture#inCompletionOrder}.
     *
     * @param tasks the tasks, in the order they are to go out
     * @param <R>   the tasks' result type
     * @return one future per task, in the order of {@code tasks}
     */
    public <R> List<TaskFuture<R>> submitAll(Collection<? extends Task<R>> tasks) {
        return submitAll(tasks, SubmitOptions.DEFAULT);
    }

    /**
     * Submits every task, in order, with the same per-task choices.
     *
     * @param tasks   the tasks, in the order they are to go out
     * @param options the priority, timeout and so on of every one; {@link SubmitOptions#DEFAULT} for none
     * @param <R>     the tasks' result type
     * @return one future per task, in the order of {@code tasks}
     */
    public <R> List<TaskFuture<R>> submitAll(Collection<? extends Task<R>> tasks, SubmitOptions options) {
        List<TaskFuture<R>> futures = new ArrayList<>(tasks.size());
        for (Task<R> task : tasks) {
            futures.add(submit(task, options));
        }
        return futures;
    }

    /**
     * Runs a task of {@code taskClass} once for each of {@code params}, with at most
     * {@code maxInFlight} in flight, and returns the outcomes in the order of {@code params}.
     * The stream is lazy: consuming it sends the tasks, and params are taken only as room frees
     * up (at most {@code 2 * maxInFlight} ahead of the outcome handed out last), so an endless
     * source runs in bounded memory. A task that fails gives a {@link MapResult} with its
     * error, and the map goes on. Consume the stream on one thread, not the client's I/O
     * thread. Closing it (a try-with-resources around it) cancels the tasks in flight and reads
     * no more params.
     *
     * <pre>{@code
     * int sum = client.map(SampleTask.class, paramsList, 16).mapToInt(MapResult::get).sum();
     * }</pre>
     *
     * @param taskClass   the class of every task, each built on a worker from one element of {@code params}
     * @param params      one element per task, each anything that writes as a JSON object; read only as the stream
     *                    is consumed
     * @param maxInFlight the most of this map's tasks in flight at once, at least 1; the client's
     *                    {@link ClientOptions#maxInFlight()} bounds them too
     * @param <R>         the tasks' result type
     * @return the outcomes, one per element of {@code params}, in their order; closing it cancels the tasks in flight
     * @throws IllegalArgumentException when {@code maxInFlight} is less than 1
     */
    public <R> Stream<MapResult<R>> map(Class<? extends Task<R>> taskClass, Iterable<?> params, int maxInFlight) {
        JavaType resultType = calls.codec().resultTypeOf(taskClass);
        return map(params.iterator(), maxInFlight,
                each -> calls.<R>submit(taskClass.getName(), each, SubmitOptions.DEFAULT, resultType));
    }

    /**
     * {@link #map(Class, Iterable, int)} for a task named by its class, its results as JSON trees.
     *
     * @param className   the task class's binary name, as {@link Class#getName()} gives it: {@code com.example.Resize}
     * @param params      one element per task, each anything that writes as a JSON object; read only as the stream
     *                    is consumed
     * @param maxInFlight the most of this map's tasks in flight at once, at least 1
     * @return the outcomes, results as JSON trees, one per element of {@code params}, in their order
     * @throws IllegalArgumentException when {@code maxInFlight} is less than 1
     */
    public Stream<MapResult<JsonNode>> map(String className, Iterable<?> params, int maxInFlight) {
        return map(className, params.iterator(), maxInFlight, SubmitOptions.DEFAULT);
    }

    /**
     * {@link #map(Class, Iterable, int)} for a task named by its class, over an iterator, with per-task choices.
     *
     * @param className   the task class's binary name, as {@link Class#getName()} gives it: {@code com.example.Resize}
     * @param params      one element per task, each anything that writes as a JSON object; read only as the stream
     *                    is consumed
     * @param maxInFlight the most of this map's tasks in flight at once, at least 1
     * @param options     the priority, timeout and so on of every task; {@link SubmitOptions#DEFAULT} for none
     * @return the outcomes, results as JSON trees, one per element of {@code params}, in their order
     * @throws IllegalArgumentException when {@code maxInFlight} is less than 1
     */
    public Stream<MapResult<JsonNode>> map(String className, Iterator<?> params, int maxInFlight, SubmitOptions options) {
        return map(params, maxInFlight, each -> calls.submit(className, each, options, null));
    }

    private <T> Stream<MapResult<T>> map(Iterator<?> params, int maxInFlight, Function<Object, TaskFuture<T>> submit) {
        return OrderedMap.stream(params, maxInFlight, submit);
    }

    // ---- the daemon ----

    /**
     * What an operator asks of the node or manager this client talks to: its status, its task
     * history, and drain, undrain and reload.
     *
     * @return the daemon's operations, over this client's connection
     */
    public DaemonOperations daemon() {
        return daemon;
    }

    // ---- the client ----

    /**
     * How many times, over this client's life, a task was answered {@code rejected} (queue full).
     *
     * @return the count of {@code rejected} answers, every retry of every task counted
     */
    public long rejections() {
        return connector.rejections();
    }

    /**
     * This client's tasks sent and not yet answered, and those waiting in the client for room: a gauge.
     *
     * @return the tasks in flight plus those waiting in the client, at this moment
     */
    public int pendingTasks() {
        return dispatcher.inFlight() + dispatcher.waiting();
    }

    /**
     * Closes the connection at once: tasks still in flight fail with a
     * {@link ConnectionException} (those not yet sent) or an {@link OutcomeUnknownException}.
     * Closing a closed client does nothing.
     */
    @Override
    public void close() {
        calls.refuse("the client is closed");
        connector.close();
    }

    /**
     * Closes gracefully: takes no more tasks (a submit fails at once), lets those submitted
     * finish for up to {@code grace}, then cancels what is left (so no worker keeps running a
     * task for nobody) and closes.
     *
     * @param grace how long the tasks already submitted may take to finish before what is left is cancelled
     * @return true if every task finished within {@code grace}; false if some were cancelled (as when the wait is
     *         interrupted)
     */
    public boolean close(Duration grace) {
        calls.refuse("the client is closing");
        boolean finished;
        try {
            finished = dispatcher.awaitIdle(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            calls.cancelOutstanding();
        }
        close();
        return finished;
    }
}
