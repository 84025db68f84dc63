package io.argon.protocol;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Argon's framing over blocking streams: a 4-byte big-endian length, then that many bytes of
 * JSON. For code that owns a thread per connection and has no use for an event loop: a
 * worker's read-run-answer loop, and tools that write frames by hand. {@link #writeFrame}
 * sends each frame in one {@code write} call, so on a socket it is one system call;
 * {@link #bufferFrame} lets several go out in one. One thread may read while another writes;
 * two threads must not both read, or both write, at once.
 */
public final class FrameStream {
    private final BufferedInputStream buffered;
    private final DataInputStream in;
    private final OutputStream out;
    private final int maxFrameBytes;

    public FrameStream(InputStream in, OutputStream out, int maxFrameBytes) {
        this.buffered = in instanceof BufferedInputStream already ? already : new BufferedInputStream(in, 64 * 1024);
        this.in = new DataInputStream(buffered);
        this.out = out;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * The next frame's payload, or null when the peer closed the stream between frames.
     *
     * @throws EOFException when the stream ends inside a frame
     * @throws IOException  when the length is negative or above the limit
     */
    public byte[] readFrame() throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException closed) {
            return null;
        }
        if (length < 0 || length > maxFrameBytes) {
            throw new IOException("peer sent a frame of " + length + " bytes; the limit is " + maxFrameBytes);
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return payload;
    }

    /**
     * Whether a whole frame has been read from the stream already and waits in its buffer: the
     * next {@link #readFrame()} returns at once.
     */
    public boolean hasBufferedFrame() throws IOException {
        if (buffered.available() < 4) {
            return false;
        }
        buffered.mark(4);
        int length = in.readInt();
        buffered.reset();
        return length >= 0 && buffered.available() >= 4L + length;
    }

    /** The next message, or null when the peer closed the stream between frames. */
    public Message read() throws IOException {
        byte[] payload = readFrame();
        return payload == null ? null : Messages.decode(payload);
    }

    /** Writes one frame holding {@code payload} as it is, and flushes; refuses one above the limit. */
    public void writeFrame(byte[] payload) throws IOException {
        bufferFrame(payload);
        out.flush();
    }

    /**
     * Writes one frame holding {@code payload} without flushing: on a buffered stream it waits
     * in the buffer until {@link #flush()} (or a full buffer) sends it together with the
     * frames before it. Refuses one above the limit.
     */
    public void bufferFrame(byte[] payload) throws IOException {
        if (payload.length > maxFrameBytes) {
            throw new IOException("frame of " + payload.length + " bytes exceeds the limit of " + maxFrameBytes);
        }
        byte[] frame = new byte[4 + payload.length];
        frame[0] = (byte) (payload.length >>> 24);
        frame[1] = (byte) (payload.length >>> 16);
        frame[2] = (byte) (payload.length >>> 8);
        frame[3] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 4, payload.length);
        out.write(frame);
    }

    /** Sends what {@link #bufferFrame} has buffered. */
    public void flush() throws IOException {
        out.flush();
    }

    /** Writes a frame of JSON text, as a test or tool that speaks the protocol by hand does. */
    public void writeFrame(String json) throws IOException {
        writeFrame(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a message as one frame. */
    public void write(Message message) throws IOException {
        writeFrame(Messages.encode(message));
    }

    /** The largest payload this stream reads or writes. */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }
}
