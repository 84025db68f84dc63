package io.argon.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client's connections against peers that are no Argon daemon, on loopback: nothing the
 * client does may block its I/O thread, so a completion callback can always submit again.
 */
class ConnectorTest {
    /** A server that accepts every connection and closes it at once, on its own thread, until closed. */
    private static final class AcceptAndClose implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicInteger accepted = new AtomicInteger();
        private final Thread thread = new Thread(this::serve, "accept-and-close");

        AcceptAndClose() throws IOException {
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket peer = socket.accept()) {
                    accepted.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a deadlock fails the test, not the build
    void callbacksThatSubmitAgainWhileEveryConnectionIsCutNeverHangTheClient() throws Exception {
        int total = 1000;
        int inFlight = 64;
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<Throwable> lastError = new AtomicReference<>();
        CountDownLatch allAnswered = new CountDownLatch(total);
        try (AcceptAndClose server = new AcceptAndClose();
             ArgonClient client = new ArgonClient("127.0.0.1", server.port())) {
            // As bin/bench does: each completion, on the client's I/O thread, sends the next task.
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                if (sent.incrementAndGet() > total) {
                    return;
                }
                client.submit("io.argon.examples.SampleTask", Map.of("num", 1)).whenComplete((result, error) -> {
                    if (error != null) {
                        failed.incrementAndGet();
                        lastError.set(error);
                    }
                    allAnswered.countDown();
                    next[0].run();
                });
            };
            for (int i = 0; i < inFlight; i++) {
                next[0].run();
            }
            assertThat(allAnswered.await(60, TimeUnit.SECONDS)).as("every task answered, %d left", allAnswered.getCount()).isTrue();
            assertThat(failed.get()).isEqualTo(total);
            assertThat(lastError.get()).isInstanceOfAny(ConnectionException.class, OutcomeUnknownException.class);
            assertThat(server.accepted.get()).isPositive();
        }
    }

    @Test
    void aBlockingCallOnTheIoThreadIsRefusedNotADeadlock() throws Exception {
        try (AcceptAndClose server = new AcceptAndClose();
             ArgonClient client = new ArgonClient("127.0.0.1", server.port())) {
            CompletableFuture<Throwable> refused = new CompletableFuture<>();
            client.submit("io.argon.examples.SampleTask", Map.of("num", 1)).whenComplete((result, error) -> {
                try {
                    client.process("io.argon.examples.SampleTask", Map.of("num", 2));
                    refused.complete(null);
                } catch (RuntimeException e) {
                    refused.complete(e);
                }
            });
            assertThat(refused.get(30, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("would block the client's I/O thread");
        }
    }

    @Test
    void aRefusedConnectionSaysSoInPlainWords() throws Exception {
        int port;
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = taken.getLocalPort();
        }
        try (ArgonClient client = new ArgonClient("127.0.0.1", port)) {
            CompletableFuture<JsonNode> task = client.submit("io.argon.examples.SampleTask", Map.of("num", 1));
            assertThatThrownBy(() -> task.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(ConnectionException.class)
                    .hasMessageStartingWith("cannot connect to 127.0.0.1:" + port + ": connection refused (nothing listens on that port)")
                    .hasMessageEndingWith("task 1 (io.argon.examples.SampleTask) was not sent, so it did not run");
            assertThatThrownBy(client::connect).isInstanceOf(ConnectionException.class).hasMessageContaining("connection refused");
        }
    }

    @Test
    void aClosedClientFailsWhatIsSubmittedThroughTheFuture() throws Exception {
        ArgonClient client = new ArgonClient("127.0.0.1", 1);
        client.close();
        CompletableFuture<JsonNode> late = client.submit("io.argon.examples.SampleTask", Map.of("num", 1));
        assertThatThrownBy(() -> late.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(ConnectionException.class)
                .hasMessageContaining("the client is closed");
    }

    @Test
    void aPeerThatDoesNotSpeakArgonFailsTheConnectionAtOnceAndNothingIsSent() throws Exception {
        try (ServerSocket http = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket peer = http.accept()) {
                    peer.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes());
                    peer.getOutputStream().flush();
                    peer.getInputStream().read(new byte[1024]); // until the client goes
                } catch (IOException ignored) {
                    // the test is over
                }
            });
            server.setDaemon(true);
            server.start();
            try (ArgonClient client = new ArgonClient("127.0.0.1", http.getLocalPort())) {
                CompletableFuture<JsonNode> task = client.submit("io.argon.examples.SampleTask", Map.of("num", 1));
                assertThatThrownBy(() -> task.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(ConnectionException.class)
                        .isNotInstanceOf(OutcomeUnknownException.class)
                        .hasMessageContaining("does not speak Argon").hasMessageContaining("did not run");
            }
        }
    }

    @Test
    void tasksSubmittedWhileTheConnectionIsBeingMadeGoOutInTheOrderTheyWereSubmitted() throws Exception {
        int tasks = 50;
        CountDownLatch pinged = new CountDownLatch(1);
        CountDownLatch submittedAll = new CountDownLatch(1);
        List<Integer> received = new CopyOnWriteArrayList<>();
        CountDownLatch receivedAll = new CountDownLatch(tasks);
        try (ServerSocket daemon = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // An Argon daemon in frames: the first ping is answered only once every task is submitted.
            Thread server = new Thread(() -> {
                try (Socket peer = daemon.accept()) {
                    DataInputStream in = new DataInputStream(peer.getInputStream());
                    DataOutputStream out = new DataOutputStream(peer.getOutputStream());
                    JsonNode ping = readFrame(in);
                    pinged.countDown();
                    submittedAll.await();
                    writeFrame(out, "{\"type\":\"pong\",\"id\":\"" + ping.get("id").asText() + "\"}");
                    for (int i = 0; i < tasks; i++) {
                        received.add(readFrame(in).get("params").get("num").asInt());
                        receivedAll.countDown();
                    }
                    in.read(); // until the client goes
                } catch (IOException | InterruptedException ignored) {
                    // the test is over
                }
            }, "fake-daemon");
            server.setDaemon(true);
            server.start();
            try (ArgonClient client = new ArgonClient("127.0.0.1", daemon.getLocalPort())) {
                client.submit("io.argon.examples.SampleTask", Map.of("num", 0));
                assertThat(pinged.await(10, TimeUnit.SECONDS)).as("the client pinged").isTrue();
                for (int i = 1; i < tasks; i++) {
                    client.submit("io.argon.examples.SampleTask", Map.of("num", i));
                }
                submittedAll.countDown();
                assertThat(receivedAll.await(10, TimeUnit.SECONDS)).as("%d of %d tasks received", received.size(), tasks).isTrue();
                assertThat(received).isEqualTo(IntStream.range(0, tasks).boxed().toList());
            }
        }
    }

    private static JsonNode readFrame(DataInputStream in) throws IOException {
        byte[] payload = new byte[in.readInt()];
        in.readFully(payload);
        return new ObjectMapper().readTree(payload);
    }

    private static void writeFrame(DataOutputStream out, String json) throws IOException {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }
}
