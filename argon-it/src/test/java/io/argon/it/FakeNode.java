package io.argon.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.protocol.FrameStream;
import io.argon.protocol.Json;
import io.argon.protocol.Messages;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node simulated over a socket, for the manager's tests: it registers, answers pings after
 * {@code pongDelayMillis} and tasks after {@code answerDelayMillis} (with their {@code num}
 * param, or 0), and counts how many tasks it holds at once, which is the manager's in-flight
 * window for it.
 */
final class FakeNode implements AutoCloseable {
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
