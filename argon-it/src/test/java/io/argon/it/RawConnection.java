package io.argon.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.core.protocol.FrameStream;
import io.argon.core.protocol.Json;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;

/** A bare socket speaking Argon's framing by hand, to send what a well-behaved client never would. */
final class RawConnection implements AutoCloseable {
    /** Frames from the server are read whatever their size: the test is not the one being checked. */
    private static final int NO_LIMIT = Integer.MAX_VALUE - 4;

    private final Socket socket;
    private final FrameStream frames;

    RawConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        frames = new FrameStream(socket.getInputStream(), socket.getOutputStream(), NO_LIMIT);
    }

    void sendFrame(String payload) throws IOException {
        frames.writeFrame(payload);
    }

    /** A length and nothing after it: a frame header a well-behaved peer never sends. */
    void sendLength(int length) throws IOException {
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeInt(length);
        out.flush();
    }

    /** The next frame as JSON; EOFException once the server has closed the connection. */
    JsonNode readFrame() throws IOException {
        byte[] payload = frames.readFrame();
        if (payload == null) {
            throw new EOFException("connection closed by the server");
        }
        return Json.MAPPER.readTree(payload);
    }

    /** Asks for the daemon's status report (see docs/PROTOCOL.md) and returns it. */
    JsonNode status() throws IOException {
        sendFrame("{\"type\":\"status\",\"id\":\"status\"}");
        for (int frame = 0; frame < 10_000; frame++) {
            JsonNode reply = readFrame();
            if ("status_report".equals(reply.path("type").asText()) && "status".equals(reply.path("id").asText())) {
                return reply.get("report");
            }
        }
        throw new AssertionError("no status_report among 10,000 frames");
    }

    /** True when the server has closed the connection. */
    boolean isClosedByPeer() throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (EOFException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
