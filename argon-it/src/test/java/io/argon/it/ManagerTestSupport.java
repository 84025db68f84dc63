package io.argon.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.protocol.FrameStream;
import io.argon.protocol.Json;
import io.argon.protocol.Messages;
import java.io.EOFException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/** Starting a manager and its nodes, and driving bounded load through it, for the manager ITs. */
final class ManagerTestSupport {
    static final String SLEEP_PID = "io.argon.it.tasks.SleepPid";
    static final Duration STARTUP = Duration.ofSeconds(60);
    /** How long any one test waits for answers before it gives up. */
    static final Duration ANSWERS = Duration.ofSeconds(60);

    private ManagerTestSupport() {
    }

    static Map<String, Object> sleepPid(double delaySeconds) {
        return Map.of("delay", delaySeconds);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts a manager on loopback (a free port unless -p is given) and waits until it listens. */
    static ArgonProcess startManager(String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("-H", "127.0.0.1"));
        if (!List.of(args).contains("-p")) {
            argv.addAll(List.of("-p", "0"));
        }
        argv.addAll(List.of(args));
        ArgonProcess manager = ArgonProcess.start("cluster", argv.toArray(String[]::new));
        try {
            manager.port();
        } catch (AssertionError e) {
            closeQuietly(manager);
            throw e;
        }
        return manager;
    }

    /**
     * Starts a manager on a given port; retries a few times if the port is still held (as it may
     * be for a moment after the previous manager on it died).
     */
    static ArgonProcess startManagerOn(int port, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("-p", Integer.toString(port)));
        argv.addAll(List.of(args));
        AssertionError last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                return startManager(argv.toArray(String[]::new));
            } catch (AssertionError e) {
                last = e;
                Thread.sleep(500);
            }
        }
        throw last;
    }

    /** Starts nodes registered with the manager on {@code managerPort}, in parallel; waits until each is registered. */
    static List<ArgonProcess> startNodes(int managerPort, List<List<String>> argsEach) throws Exception {
        List<CompletableFuture<ArgonProcess>> starting = new ArrayList<>();
        for (List<String> args : argsEach) {
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return startNode(managerPort, args.toArray(String[]::new));
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }));
        }
        List<ArgonProcess> nodes = new ArrayList<>();
        Throwable failure = null;
        for (CompletableFuture<ArgonProcess> node : starting) {
            try {
                nodes.add(node.get(STARTUP.toSeconds() + 30, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            }
        }
        if (failure != null) {
            nodes.forEach(ManagerTestSupport::closeQuietly);
            if (failure instanceof Exception exception) {
                throw exception;
            }
            throw failure instanceof Error error ? error : new AssertionError(failure);
        }
        return nodes;
    }

    /** Starts one node registered with the manager on {@code managerPort} and waits until it is registered. */
    static ArgonProcess startNode(int managerPort, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("-m", "127.0.0.1:" + managerPort));
        argv.addAll(List.of(args));
        ArgonProcess node = ArgonProcess.startNode(argv.toArray(String[]::new));
        try {
            awaitRegistered(node);
        } catch (AssertionError e) {
            closeQuietly(node);
            throw e;
        }
        return node;
    }

    /** Whether a node's status says every one of its managers has accepted its registration. */
    static boolean registeredWithAll(JsonNode status) {
        JsonNode managers = status.path("managers");
        if (managers.isEmpty()) {
            return false;
        }
        for (JsonNode manager : managers) {
            if (!manager.path("registered").asBoolean()) {
                return false;
            }
        }
        return true;
    }

    /** The address a node started by {@link #startNode} registers under. */
    static String address(ArgonProcess node) {
        return "127.0.0.1:" + node.port();
    }

    /** Waits until the manager's status lists {@code count} registered nodes; returns the report. */
    static JsonNode awaitRegisteredNodes(ArgonProcess manager, int count) {
        return manager.awaitStatus(count + " registered nodes", status -> status.get("nodes").size() == count, STARTUP);
    }

    /** Waits until the node's status says its manager has accepted its registration. */
    static void awaitRegistered(ArgonProcess node) {
        node.awaitStatus("the node registered with every manager", ManagerTestSupport::registeredWithAll, STARTUP);
    }

    static long countLines(ArgonProcess process, String regex) {
        Pattern pattern = Pattern.compile(regex);
        return process.lines().stream().filter(line -> pattern.matcher(line).find()).count();
    }

    static void awaitLineCount(ArgonProcess process, String regex, long count, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .alias("'" + regex + "' logged " + count + " times")
                .until(() -> countLines(process, regex) >= count);
    }

    static Throwable cause(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception ignored) {
            // best effort: the test has already failed or finished
        }
    }

    /**
     * Bounded load: submits {@code count} tasks, at most {@code inFlight} at a time, from a
     * thread of its own, and records each task's one outcome and the order of completion.
     */
    static final class Load {
        private final int count;
        private final AtomicReferenceArray<Object> outcomes;
        private final int[] completionOrder;
        private final AtomicInteger answered = new AtomicInteger();
        private final AtomicInteger doubleAnswers = new AtomicInteger();
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final Semaphore room;
        private final IntFunction<CompletableFuture<?>> submit;
        private final Thread driver;

        private Load(int count, int inFlight, IntFunction<CompletableFuture<?>> submit) {
            this.count = count;
            this.outcomes = new AtomicReferenceArray<>(count);
            this.completionOrder = new int[count];
            this.room = new Semaphore(inFlight);
            this.submit = submit;
            this.driver = new Thread(this::drive, "manager-it-load");
            driver.setDaemon(true);
        }

        /** Starts submitting in the background. */
        static Load start(int count, int inFlight, IntFunction<CompletableFuture<?>> submit) {
            Load load = new Load(count, inFlight, submit);
            if (count == 0) {
                load.done.complete(null);
            }
            load.driver.start();
            return load;
        }

        /** Submits everything and waits for every answer. */
        static Load run(int count, int inFlight, IntFunction<CompletableFuture<?>> submit) throws Exception {
            Load load = start(count, inFlight, submit);
            load.await(ANSWERS);
            return load;
        }

        private void drive() {
            long deadline = System.nanoTime() + ANSWERS.toNanos();
            for (int i = 0; i < count; i++) {
                try {
                    if (!room.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        done.completeExceptionally(new AssertionError(
                                "load stalled: " + answered.get() + " of " + count + " tasks answered"));
                        return;
                    }
                } catch (InterruptedException e) {
                    done.completeExceptionally(e);
                    return;
                }
                int index = i;
                CompletableFuture<?> task;
                try {
                    task = submit.apply(index);
                } catch (RuntimeException e) {
                    task = CompletableFuture.failedFuture(e);
                }
                task.whenComplete((result, error) -> record(index, error == null ? result : cause(error)));
            }
        }

        private void record(int index, Object outcome) {
            if (!outcomes.compareAndSet(index, null, outcome == null ? "null" : outcome)) {
                doubleAnswers.incrementAndGet();
                return;
            }
            int position;
            synchronized (completionOrder) {
                position = answered.getAndIncrement();
                completionOrder[position] = index;
            }
            room.release();
            if (position + 1 == count) {
                done.complete(null);
            }
        }

        void await(Duration timeout) throws Exception {
            try {
                done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("only " + answered.get() + " of " + count + " tasks answered within " + timeout);
            }
        }

        int answered() {
            return answered.get();
        }

        int doubleAnswers() {
            return doubleAnswers.get();
        }

        /** The result of task {@code index}, or the exception it failed with. */
        Object outcome(int index) {
            return outcomes.get(index);
        }

        List<Throwable> errors() {
            List<Throwable> errors = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (outcomes.get(i) instanceof Throwable error) {
                    errors.add(error);
                }
            }
            return errors;
        }

        List<Integer> failedIndexes() {
            List<Integer> failed = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (outcomes.get(i) instanceof Throwable) {
                    failed.add(i);
                }
            }
            return failed;
        }

        /** Results of the tasks that succeeded, by index. */
        Map<Integer, JsonNode> results() {
            Map<Integer, JsonNode> results = new java.util.TreeMap<>();
            for (int i = 0; i < count; i++) {
                if (outcomes.get(i) instanceof JsonNode json) {
                    results.put(i, json);
                }
            }
            return results;
        }

        /** Task indexes in the order their answers arrived. */
        List<Integer> completionOrder() {
            synchronized (completionOrder) {
                List<Integer> order = new ArrayList<>();
                int known = answered.get();
                for (int i = 0; i < known; i++) {
                    order.add(completionOrder[i]);
                }
                return order;
            }
        }
    }

    /**
     * Bounded load over a raw socket, so that every frame the manager sends is seen: a second
     * answer to one task would be counted, where a client library would drop it. Task {@code i}
     * is sent under the id {@code "t" + i}.
     */
    static final class RawLoad {
        private final RawConnection raw;
        private final int count;
        private final Semaphore room;
        private final int[] answers;
        private final JsonNode[] firstAnswers;
        private final AtomicInteger answered = new AtomicInteger();
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final IntFunction<String> frame;

        private RawLoad(RawConnection raw, int count, int inFlight, IntFunction<String> frame) {
            this.raw = raw;
            this.count = count;
            this.room = new Semaphore(inFlight);
            this.answers = new int[count];
            this.firstAnswers = new JsonNode[count];
            this.frame = frame;
        }

        /** Starts sending {@code frame.apply(i)} for every i, at most {@code inFlight} unanswered at a time. */
        static RawLoad start(RawConnection raw, int count, int inFlight, IntFunction<String> frame) {
            RawLoad load = new RawLoad(raw, count, inFlight, frame);
            Thread writer = new Thread(load::write, "manager-it-raw-writer");
            Thread reader = new Thread(load::read, "manager-it-raw-reader");
            writer.setDaemon(true);
            reader.setDaemon(true);
            reader.start();
            writer.start();
            return load;
        }

        private void write() {
            long deadline = System.nanoTime() + ANSWERS.toNanos();
            try {
                for (int i = 0; i < count && !done.isDone(); i++) {
                    if (!room.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        done.completeExceptionally(new AssertionError("raw load stalled: " + answered.get() + " of " + count + " answered"));
                        return;
                    }
                    raw.sendFrame(frame.apply(i));
                }
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        }

        private void read() {
            try {
                while (answered.get() < count) {
                    record(raw.readFrame());
                }
                done.complete(null);
            } catch (Exception e) {
                done.completeExceptionally(new AssertionError("reading answers failed after " + answered.get() + " of " + count, e));
            }
        }

        /** Counts an answer; true if it answered one of our tasks. */
        private boolean record(JsonNode reply) {
            String id = reply.path("id").asText("");
            if (!id.matches("t\\d+")) {
                return false;
            }
            int index = Integer.parseInt(id.substring(1));
            synchronized (answers) {
                if (answers[index]++ == 0) {
                    firstAnswers[index] = reply;
                    answered.incrementAndGet();
                    room.release();
                }
            }
            return true;
        }

        int answered() {
            return answered.get();
        }

        /** Waits until every task has an answer, then checks with a ping that no second answer follows. */
        void awaitAllAnswered(Duration timeout) throws Exception {
            try {
                done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("only " + answered.get() + " of " + count + " tasks answered within " + timeout);
            }
            // The manager answers a ping at once; any late duplicate already sent comes before the pong.
            raw.sendFrame("{\"type\":\"ping\",\"id\":\"barrier\"}");
            for (int i = 0; i < 10_000; i++) {
                JsonNode reply = raw.readFrame();
                if ("pong".equals(reply.path("type").asText()) && "barrier".equals(reply.path("id").asText())) {
                    return;
                }
                record(reply);
            }
            throw new AssertionError("no pong for the barrier ping");
        }

        /** How many answers task {@code index} got. */
        int answersTo(int index) {
            synchronized (answers) {
                return answers[index];
            }
        }

        JsonNode answer(int index) {
            synchronized (answers) {
                return firstAnswers[index];
            }
        }
    }

    /**
     * A node simulated over a socket: it registers, answers pings after {@code pongDelayMillis}
     * and tasks after {@code answerDelayMillis} (with their {@code num} param, or 0), and counts
     * how many tasks it holds at once, which is the manager's in-flight window for it.
     */
    static final class FakeNode implements AutoCloseable {
        private final Socket socket;
        private final FrameStream frames;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fake-node-timer");
            thread.setDaemon(true);
            return thread;
        });
        private final long pongDelayMillis;
        private final long answerDelayMillis;
        private final AtomicInteger held = new AtomicInteger();
        private final AtomicInteger maxHeld = new AtomicInteger();
        private final AtomicInteger received = new AtomicInteger();
        private final AtomicInteger pings = new AtomicInteger();

        FakeNode(int managerPort, String address, int workers, long pongDelayMillis, long answerDelayMillis) throws IOException {
            this.pongDelayMillis = pongDelayMillis;
            this.answerDelayMillis = answerDelayMillis;
            socket = new Socket("127.0.0.1", managerPort);
            socket.setTcpNoDelay(true); // frames go out whole and at once, as a real node's do
            socket.setSoTimeout(10_000);
            frames = new FrameStream(socket.getInputStream(), socket.getOutputStream(), Messages.DEFAULT_MAX_FRAME_BYTES);
            send("{\"type\":\"register\",\"id\":\"fake\",\"address\":\"" + address + "\",\"workers\":" + workers + "}");
            JsonNode registered = read();
            if (!"registered".equals(registered.path("type").asText())) {
                socket.close();
                throw new AssertionError("fake node not registered: " + registered);
            }
            Thread reader = new Thread(this::serve, "fake-node-" + address);
            reader.setDaemon(true);
            reader.start();
        }

        /** Answers come from the reader and the timer threads: one frame at a time. */
        private void send(String frame) throws IOException {
            synchronized (frames) {
                frames.writeFrame(frame);
            }
        }

        /** Only the reader thread reads. */
        private JsonNode read() throws IOException {
            byte[] payload = frames.readFrame();
            if (payload == null) {
                throw new EOFException("the manager closed the connection");
            }
            return Json.MAPPER.readTree(payload);
        }

        private void serve() {
            try {
                while (!socket.isClosed()) {
                    JsonNode frame;
                    try {
                        frame = read();
                    } catch (java.net.SocketTimeoutException idle) {
                        continue;
                    }
                    String id = frame.path("id").asText();
                    switch (frame.path("type").asText()) {
                        case "ping" -> {
                            pings.incrementAndGet();
                            later(pongDelayMillis, "{\"type\":\"pong\",\"id\":\"" + id + "\"}", null);
                        }
                        case "submit" -> {
                            received.incrementAndGet();
                            maxHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
                            later(answerDelayMillis, "{\"type\":\"result\",\"id\":\"" + id + "\",\"result\":"
                                    + frame.path("params").path("num").asInt(0) + "}", held);
                        }
                        default -> { }
                    }
                }
            } catch (IOException closed) {
                // the manager or the test closed the connection
            }
        }

        private void later(long delayMillis, String frame, AtomicInteger release) {
            Runnable answer = () -> {
                if (release != null) {
                    release.decrementAndGet();
                }
                try {
                    send(frame);
                } catch (IOException closed) {
                    // gone
                }
            };
            if (delayMillis <= 0) {
                answer.run();
            } else {
                timer.schedule(answer, delayMillis, TimeUnit.MILLISECONDS);
            }
        }

        /** The most tasks it has held at once since the last reset. */
        int maxHeld() {
            return maxHeld.get();
        }

        void resetMaxHeld() {
            maxHeld.set(held.get());
        }

        int received() {
            return received.get();
        }

        int pings() {
            return pings.get();
        }

        @Override
        public void close() throws IOException {
            timer.shutdownNow();
            socket.close();
        }
    }

    /** Reads frames from a raw connection until the peer closes it; fails if it does not within the bound. */
    static List<JsonNode> readUntilClosed(RawConnection raw, int maxFrames) throws IOException {
        List<JsonNode> frames = new ArrayList<>();
        for (int i = 0; i < maxFrames; i++) {
            try {
                frames.add(raw.readFrame());
            } catch (EOFException closed) {
                return frames;
            } catch (java.net.SocketException reset) {
                return frames; // reset by peer: closed too
            }
        }
        throw new AssertionError("connection still open after " + maxFrames + " frames: " + frames);
    }
}
