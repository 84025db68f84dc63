package io.argon.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Streams over a worker's blocking socket channel that one thread may read while another
 * writes. {@link java.nio.channels.Channels}' streams cannot: both hold the channel's blocking
 * lock for the whole call, so a write waits for a read that waits for the node.
 */
final class LinkStreams {
    private LinkStreams() {
    }

    static InputStream input(SocketChannel link) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] into, int offset, int length) throws IOException {
                if (length == 0) {
                    return 0;
                }
                return link.read(ByteBuffer.wrap(into, offset, length));
            }
        };
    }

    static OutputStream output(SocketChannel link) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] from, int offset, int length) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(from, offset, length);
                while (buffer.hasRemaining()) {
                    link.write(buffer);
                }
            }
        };
    }
}
