package io.argon.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.client.ConnectionException;
import io.argon.client.RejectedException;
import io.argon.protocol.Json;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoadDriverTest {
    private static final long TEN_SECONDS = TimeUnit.SECONDS.toNanos(10);
    private static final LoadDriver.Ticker NO_PROGRESS = stats -> { };

    /** Answers on its own thread, as the client's I/O thread would. */
    private final ExecutorService io = Executors.newSingleThreadExecutor();
    /** The client's count of rejections, retried or not, as {@code ArgonClient::rejections} reports it. */
    private final AtomicLong clientRejections = new AtomicLong();

    @AfterEach
    void stopIo() {
        io.shutdownNow();
    }

    private LoadDriver driver(LoadDriver.Submitter submitter, Workload workload, int concurrency) {
        return new LoadDriver(submitter, clientRejections::get, workload, concurrency);
    }

    private static Workload sample() {
        return Workload.sample(DelayPlan.of(0.001, 0), Json.MAPPER.createObjectNode());
    }

    /** A server that answers every task with {@code answer(params)}, asynchronously, counting what is in flight. */
    private final class FakeServer implements LoadDriver.Submitter {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger sent = new AtomicInteger();
        final Function<ObjectNode, Object> answer;

        FakeServer(Function<ObjectNode, Object> answer) {
            this.answer = answer;
        }

        @Override
        public CompletableFuture<JsonNode> submit(String className, ObjectNode params) {
            sent.incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            CompletableFuture<JsonNode> result = new CompletableFuture<>();
            io.execute(() -> {
                inFlight.decrementAndGet();
                Object value = answer.apply(params);
                if (value instanceof Throwable error) {
                    result.completeExceptionally(error);
                } else {
                    result.complete((JsonNode) value);
                }
            });
            return result;
        }
    }

    private static Object echoNum(ObjectNode params) {
        return IntNode.valueOf(params.get("num").asInt());
    }

    @Test
    void runsEveryTaskOnceWithAtMostConcurrencyInFlight() throws InterruptedException {
        FakeServer server = new FakeServer(LoadDriverTest::echoNum);
        LoadDriver driver = driver(server, sample(), 8);
        BenchStats stats = driver.run(5000, TEN_SECONDS, NO_PROGRESS);
        assertThat(stats.completed()).isEqualTo(5000);
        assertThat(stats.errors()).isZero();
        assertThat(server.sent.get()).isEqualTo(5000);
        assertThat(server.maxInFlight.get()).isLessThanOrEqualTo(8);
        assertThat(stats.meanSimulatedDelayUs()).isCloseTo(1000.0, within(1e-6));
    }

    @Test
    void fewerTasksThanConcurrencySendsEachOnce() throws InterruptedException {
        FakeServer server = new FakeServer(LoadDriverTest::echoNum);
        LoadDriver driver = driver(server, sample(), 64);
        BenchStats stats = driver.run(3, TEN_SECONDS, NO_PROGRESS);
        assertThat(stats.completed()).isEqualTo(3);
        assertThat(server.sent.get()).isEqualTo(3);
    }

    @Test
    void eachTaskIsSentWithItsOwnNumAndAWrongResultIsAnError() throws InterruptedException {
        ConcurrentHashMap<Integer, Boolean> nums = new ConcurrentHashMap<>();
        FakeServer server = new FakeServer(params -> {
            int num = params.get("num").asInt();
            nums.put(num, true);
            return IntNode.valueOf(num % 10 == 0 ? num + 1 : num);
        });
        LoadDriver driver = driver(server, sample(), 4);
        BenchStats stats = driver.run(100, TEN_SECONDS, NO_PROGRESS);
        assertThat(nums).hasSize(100);
        assertThat(stats.completed()).isEqualTo(90);
        assertThat(stats.errors()).isEqualTo(10);
        assertThat(stats.errorReasons()).containsKey("wrong result: expected 10, got 11");
    }

    @Test
    void rejectionsTheClientRetriedAreReadFromItsCount() throws InterruptedException {
        // As the client does it: every task is rejected twice, retried by the client, then runs.
        FakeServer server = new FakeServer(params -> {
            clientRejections.addAndGet(2);
            return echoNum(params);
        });
        LoadDriver driver = driver(server, sample(), 4);
        BenchStats stats = driver.run(50, TEN_SECONDS, NO_PROGRESS);
        assertThat(stats.completed()).isEqualTo(50);
        assertThat(stats.errors()).isZero();
        assertThat(stats.rejected()).isEqualTo(100);
        // The driver itself never sends a task twice.
        assertThat(server.sent.get()).isEqualTo(50);
        assertThat(server.maxInFlight.get()).isLessThanOrEqualTo(4);
    }

    @Test
    void aTaskTheClientGaveUpOnIsAnErrorAndItsLastRejectionWasNotRetried() throws InterruptedException {
        // A client with --retries 3: odd tasks are rejected once and then run; even ones are
        // rejected 4 times, and the client gives up (the future fails, sometimes wrapped).
        FakeServer server = new FakeServer(params -> {
            int num = params.get("num").asInt();
            if (num % 2 == 1) {
                clientRejections.incrementAndGet();
                return echoNum(params);
            }
            clientRejections.addAndGet(4);
            RejectedException gaveUp = new RejectedException("1", "task 1 (io.argon.examples.SampleTask)", 4, "queue full");
            return num % 4 == 0 ? gaveUp : new CompletionException(gaveUp);
        });
        LoadDriver driver = driver(server, sample(), 2);
        BenchStats stats = driver.run(20, TEN_SECONDS, NO_PROGRESS);
        assertThat(stats.completed()).isEqualTo(10);
        assertThat(stats.errors()).isEqualTo(10);
        // 10 x 1 retried + 10 x 3 retried; the 10 rejections that ended a task were not retried.
        assertThat(stats.rejected()).isEqualTo(40);
        assertThat(server.sent.get()).isEqualTo(20);
        assertThat(stats.errorReasons()).hasSize(1);
        assertThat(stats.errorReasons().keySet()).singleElement().asString()
                .startsWith("rejected").contains("4 time(s)").contains("--retries 3");
        assertThat(stats.errorReasons().values()).containsExactly(10L);
    }

    @Test
    void onlyTheRunsOwnRejectionsCount() throws InterruptedException {
        // Rejections the client met before (say in the warm-up) are not the run's.
        clientRejections.set(1000);
        FakeServer server = new FakeServer(params -> {
            if (params.get("num").asInt() < 5) {
                clientRejections.incrementAndGet();
            }
            return echoNum(params);
        });
        LoadDriver driver = driver(server, sample(), 4);
        assertThat(driver.run(20, TEN_SECONDS, NO_PROGRESS).rejected()).isEqualTo(5);
        assertThat(driver.run(3, TEN_SECONDS, NO_PROGRESS).rejected()).isEqualTo(3);
        assertThat(driver.run(30, TEN_SECONDS, NO_PROGRESS).rejected()).isEqualTo(5);
        assertThat(clientRejections.get()).isEqualTo(1013);
    }

    @Test
    void failuresAreErrorsByReason() throws InterruptedException {
        FakeServer server = new FakeServer(params -> new IllegalStateException("boom\nsecond line"));
        LoadDriver driver = driver(server, sample(), 4);
        BenchStats stats = driver.run(20, TEN_SECONDS, NO_PROGRESS);
        assertThat(stats.errors()).isEqualTo(20);
        assertThat(stats.errorReasons()).containsOnlyKeys("boom");
    }

    @Test
    void answersThatComeAtOnceDoNotNestOneStackFramePerTask() throws InterruptedException {
        // As when the connection is gone: every submit fails on the spot, on the caller's thread.
        AtomicInteger sent = new AtomicInteger();
        ConnectionException notConnected = new ConnectionException(null, "not connected", null);
        LoadDriver.Submitter gone = (className, params) -> {
            sent.incrementAndGet();
            return CompletableFuture.failedFuture(notConnected);
        };
        LoadDriver driver = driver(gone, sample(), 4);
        BenchStats stats = driver.run(100_000, TEN_SECONDS, NO_PROGRESS);
        assertThat(stats.errors()).isEqualTo(100_000);
        assertThat(sent.get()).isEqualTo(100_000);
    }

    @Test
    void aSubmitterThatThrowsCountsAsAnError() throws InterruptedException {
        LoadDriver.Submitter broken = (className, params) -> {
            throw new IllegalArgumentException("bad params");
        };
        LoadDriver driver = driver(broken, sample(), 4);
        BenchStats stats = driver.run(10, TEN_SECONDS, NO_PROGRESS);
        assertThat(stats.errors()).isEqualTo(10);
        assertThat(stats.errorReasons()).containsOnlyKeys("bad params");
    }

    @Test
    void afterTheTimeoutTheUnansweredAreErrorsAndNoMoreAreSent() throws InterruptedException {
        AtomicInteger sent = new AtomicInteger();
        LoadDriver.Submitter silent = (className, params) -> {
            sent.incrementAndGet();
            return new CompletableFuture<>();
        };
        AtomicInteger ticks = new AtomicInteger();
        LoadDriver driver = driver(silent, sample(), 4);
        BenchStats stats = driver.run(100, TimeUnit.MILLISECONDS.toNanos(300), s -> ticks.incrementAndGet());
        assertThat(stats.completed()).isZero();
        assertThat(stats.errors()).isEqualTo(100);
        assertThat(sent.get()).isEqualTo(4);
        assertThat(stats.errorReasons().keySet()).singleElement().asString().contains("no answer within 0.3 s");
        assertThat(ticks.get()).isPositive();
    }

    @Test
    void aCustomClassIsSentWithItsParamsVerbatimAndNotChecked() throws InterruptedException {
        ObjectNode params = Json.MAPPER.createObjectNode().put("message", "x");
        ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>();
        LoadDriver.Submitter server = (className, sentParams) -> {
            seen.put(className + " " + sentParams, true);
            return CompletableFuture.completedFuture(IntNode.valueOf(-1));
        };
        LoadDriver driver = driver(server, Workload.custom("com.example.Echo", params), 2);
        BenchStats stats = driver.run(10, TEN_SECONDS, NO_PROGRESS);
        assertThat(stats.completed()).isEqualTo(10);
        assertThat(seen).containsOnlyKeys("com.example.Echo {\"message\":\"x\"}");
    }
}
