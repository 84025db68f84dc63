package io.argon.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No future waits for ever, against daemons that stop answering (a fake one, on loopback): a
 * task's timeout is kept on the client's side too, a silent link is found by its heartbeat, a
 * peer that is no Argon daemon fails the connection, and giving up on a future cancels its task
 * on the daemon.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClientDeadlinesTest {
    private static final String TASK = "io.argon.examples.SampleTask";

    /** A daemon that takes every task and never answers one. */
    private static FakeDaemon neverAnswering() throws IOException {
        return new FakeDaemon(submit -> null);
    }

    private static boolean cancelled(FakeDaemon daemon, String taskId) throws InterruptedException {
        return daemon.awaitFrame(frame -> frame.path("type").asText().equals("cancel") && frame.path("id").asText().equals(taskId),
                10_000);
    }

    @Test
    void aTaskWithATimeoutFailsOnTheClientsSideWhenTheDaemonNeverAnswersAndIsCancelledThere() throws Exception {
        try (FakeDaemon daemon = neverAnswering();
             ArgonClient client = new ArgonClient("127.0.0.1", daemon.port())) {
            TaskFuture<JsonNode> task = client.submit(TASK, Map.of("num", 1),
                    SubmitOptions.DEFAULT.withTimeout(Duration.ofMillis(300)));
            // Its timeout, and the grace for the daemon's own answer.
            assertThatThrownBy(() -> task.get(5, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                        assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT);
                        assertThat(e.taskId()).isEqualTo(task.id());
                    })
                    .hasMessageContaining("no answer within its timeout of 300 ms and 1000 ms more");
            assertThat(daemon.received("submit").get(0).path("timeout_ms").asLong()).isBetween(1L, 300L);
            assertThat(cancelled(daemon, task.id())).as("the daemon was asked to cancel it").isTrue();
        }
    }

    @Test
    void aLinkThatGoesSilentIsFoundByItsHeartbeatAndWhatIsInFlightFails() throws Exception {
        try (FakeDaemon daemon = neverAnswering();
             ArgonClient client = new ArgonClient("127.0.0.1", daemon.port(),
                     ClientOptions.defaults().withHeartbeat(Duration.ofMillis(200)))) {
            client.connect();
            daemon.goSilent();
            TaskFuture<JsonNode> task = client.submit(TASK, Map.of("num", 1));
            // Silent for two heartbeats: 400 ms, a ping included.
            assertThatThrownBy(() -> task.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(OutcomeUnknownException.class)
                    .hasMessageContaining("the link is silent").hasMessageContaining("may or may not have run");
            assertThat(daemon.received("ping")).as("the ready ping and a heartbeat").hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aQuietLinkThatAnswersItsHeartbeatStaysOpen() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(submit -> "{\"type\":\"result\",\"id\":\"" + submit.get("id").asText()
                + "\",\"result\":1}");
             ArgonClient client = new ArgonClient("127.0.0.1", daemon.port(),
                     ClientOptions.defaults().withHeartbeat(Duration.ofMillis(50)))) {
            daemon.delayAnswers(submit -> 600L); // a long task: nothing but pongs for 12 heartbeats
            assertThat(client.submit(TASK, Map.of("num", 1)).get(10, TimeUnit.SECONDS).asInt()).isEqualTo(1);
            assertThat(daemon.received("ping")).hasSizeGreaterThan(3);
        }
    }

    @Test
    void aPeerThatAcceptsAndSaysNothingFailsTheConnectionWithinTheHandshakeTimeout() throws Exception {
        // As an HTTP server does: it reads the client's first frame, and waits for the rest of a request.
        try (ServerSocket http = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket peer = http.accept(); InputStream in = peer.getInputStream()) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException ignored) {
                    // the test is over
                }
            });
            server.setDaemon(true);
            server.start();
            try (ArgonClient client = new ArgonClient("127.0.0.1", http.getLocalPort())) {
                TaskFuture<JsonNode> task = client.submit(TASK, Map.of("num", 1));
                // The default handshake timeout is 4 s: the future fails within 5.
                assertThatThrownBy(() -> task.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(ConnectionException.class)
                        .isNotInstanceOf(OutcomeUnknownException.class)
                        .hasMessageContaining("did not answer as an Argon daemon within 4000 ms")
                        .hasMessageContaining("was not sent, so it did not run");
            }
        }
    }

    @Test
    void orTimeoutCompleteAndCancelEachCancelTheTaskOnTheDaemon() throws Exception {
        try (FakeDaemon daemon = neverAnswering();
             ArgonClient client = new ArgonClient("127.0.0.1", daemon.port())) {
            TaskFuture<JsonNode> timedOut = client.submit(TASK, Map.of("num", 1));
            TaskFuture<JsonNode> completed = client.submit(TASK, Map.of("num", 2));
            TaskFuture<JsonNode> cancelled = client.submit(TASK, Map.of("num", 3));
            assertThat(daemon.awaitFrame(frame -> frame.path("id").asText().equals(cancelled.id()), 10_000)).isTrue();

            timedOut.orTimeout(100, TimeUnit.MILLISECONDS);
            assertThatThrownBy(() -> timedOut.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
            completed.complete(null);
            cancelled.cancel(true);

            assertThat(cancelled(daemon, timedOut.id())).as("orTimeout").isTrue();
            assertThat(cancelled(daemon, completed.id())).as("complete").isTrue();
            assertThat(cancelled(daemon, cancelled.id())).as("cancel").isTrue();
            assertThat(cancelled).isCancelled();
            assertThat(client.pendingTasks()).as("their places in the window are free").isZero();
        }
    }

    @Test
    void interruptingABlockingProcessCancelsTheTask() throws Exception {
        try (FakeDaemon daemon = neverAnswering();
             ArgonClient client = new ArgonClient("127.0.0.1", daemon.port())) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread caller = new Thread(() -> {
                try {
                    client.process(TASK, Map.of("num", 1));
                } catch (RuntimeException e) {
                    thrown.set(e);
                }
            });
            caller.start();
            assertThat(daemon.awaitFrame(frame -> frame.path("type").asText().equals("submit"), 10_000)).isTrue();
            caller.interrupt();
            caller.join(10_000);
            assertThat(thrown.get()).isInstanceOfSatisfying(ArgonException.class,
                    e -> assertThat(e.kind()).isEqualTo(FailureKind.CANCELLED)).hasMessageContaining("the task was cancelled");
            assertThat(cancelled(daemon, "1")).isTrue();
        }
    }

    @Test
    void closingTwiceIsFineAndASubmitAfterCloseFailsItsFuture() throws Exception {
        try (FakeDaemon daemon = FakeDaemon.echoingNum()) {
            ArgonClient client = new ArgonClient("127.0.0.1", daemon.port());
            assertThat(client.process(TASK, Map.of("num", 4)).asInt()).isEqualTo(4);
            client.close();
            client.close();
            CompletableFuture<JsonNode> late = client.submit(TASK, Map.of("num", 5));
            assertThatThrownBy(() -> late.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("the client is closed").hasMessageContaining("was not sent");
        }
    }

    @Test
    void closingWithAGraceLetsTasksFinishThenCancelsWhatIsLeft() throws Exception {
        try (FakeDaemon daemon = FakeDaemon.echoingNum()) {
            daemon.delayAnswers(submit -> submit.path("params").path("num").asInt() == 1 ? 200L : 60_000L);
            ArgonClient client = new ArgonClient("127.0.0.1", daemon.port());
            TaskFuture<JsonNode> quick = client.submit(TASK, Map.of("num", 1));
            TaskFuture<JsonNode> slow = client.submit(TASK, Map.of("num", 2));
            assertThat(daemon.awaitFrame(frame -> frame.path("id").asText().equals(slow.id()), 10_000)).isTrue();

            assertThat(client.close(Duration.ofMillis(1000))).as("every task finished").isFalse();
            assertThat(quick.get(1, TimeUnit.SECONDS).asInt()).isEqualTo(1);
            assertThat(slow).isCancelled();
            assertThat(cancelled(daemon, slow.id())).isTrue();
            client.close();
        }
    }

    @Test
    void closingWithAGraceReturnsOnceEveryTaskIsDone() throws Exception {
        try (FakeDaemon daemon = FakeDaemon.echoingNum()) {
            daemon.delayAnswers(submit -> 100L);
            ArgonClient client = new ArgonClient("127.0.0.1", daemon.port());
            TaskFuture<JsonNode> task = client.submit(TASK, Map.of("num", 7));
            assertThat(client.close(Duration.ofSeconds(30))).isTrue();
            assertThat(task.getNow(null).asInt()).isEqualTo(7);
            assertThat(client.submit(TASK, Map.of("num", 8))).isCompletedExceptionally();
        }
    }
}
