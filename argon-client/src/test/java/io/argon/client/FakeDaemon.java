package io.argon.client;

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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An Argon daemon in frames, on loopback, for the client's tests: it answers pings (until told
 * to go silent, as a frozen daemon would), answers each submit as {@code answer} says (or not
 * at all, for null), and records every frame it reads.
 */
final class FakeDaemon implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final Function<JsonNode, String> answer;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final List<Socket> peers = new CopyOnWriteArrayList<>();
    private volatile boolean silent;
    /** How long to hold each submit's answer; 0 answers at once. */
    private volatile Function<JsonNode, Long> delayMillis = submit -> 0L;
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "fake-daemon-later");
                thread.setDaemon(true);
                return thread;
            });

    /** @param answer the JSON reply to a submit (given the submit), or null to leave it unanswered */
    FakeDaemon(Function<JsonNode, String> answer) throws IOException {
        this.answer = answer;
        Thread acceptor = new Thread(this::accept, "fake-daemon");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A daemon that runs every task at once and answers with its params' {@code num}. */
    static FakeDaemon echoingNum() throws IOException {
        return new FakeDaemon(submit -> "{\"type\":\"result\",\"id\":\"" + submit.get("id").asText() + "\",\"result\":"
                + submit.path("params").path("num") + "}");
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Holds each submit's answer for as long as {@code delay} says (in ms). */
    void delayAnswers(Function<JsonNode, Long> delay) {
        this.delayMillis = delay;
    }

    /** From now on it reads, but answers nothing, pings included. */
    void goSilent() {
        silent = true;
    }

    List<JsonNode> received() {
        return received;
    }

    /** The frames of {@code type} read so far. */
    List<JsonNode> received(String type) {
        return received.stream().filter(frame -> type.equals(frame.path("type").asText())).toList();
    }

    /** Waits until a frame that matches has been read; false if none within {@code millis}. */
    boolean awaitFrame(Predicate<JsonNode> matches, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            if (received.stream().anyMatch(matches)) {
                return true;
            }
            Thread.sleep(5);
        }
        return false;
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket peer = socket.accept();
                peers.add(peer);
                Thread reader = new Thread(() -> serve(peer), "fake-daemon-peer");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket peer) {
        try (peer) {
            DataInputStream in = new DataInputStream(peer.getInputStream());
            DataOutputStream out = new DataOutputStream(peer.getOutputStream());
            while (true) {
                byte[] payload = new byte[in.readInt()];
                in.readFully(payload);
                JsonNode frame = JSON.readTree(payload);
                received.add(frame);
                if (silent) {
                    continue;
                }
                String type = frame.path("type").asText();
                String reply = switch (type) {
                    case "ping" -> "{\"type\":\"pong\",\"id\":\"" + frame.get("id").asText() + "\"}";
                    case "submit" -> answer.apply(frame);
                    case "status" -> "{\"type\":\"status_report\",\"id\":\"" + frame.get("id").asText() + "\",\"report\":{\"workers\":1}}";
                    default -> null;
                };
                if (reply == null) {
                    continue;
                }
                long delay = type.equals("submit") ? delayMillis.apply(frame) : 0;
                if (delay > 0) {
                    later.schedule(() -> write(out, reply), delay, TimeUnit.MILLISECONDS);
                } else {
                    write(out, reply);
                }
            }
        } catch (IOException e) {
            // the client went away, or the test is over
        }
    }

    private static void write(DataOutputStream out, String reply) {
        byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
            try {
                out.writeInt(bytes.length);
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                // the client went away
            }
        }
    }

    @Override
    public void close() throws IOException {
        later.shutdownNow();
        socket.close();
        for (Socket peer : peers) {
            peer.close();
        }
    }
}
