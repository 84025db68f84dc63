package io.argon.core.codec;

import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Message;
import io.argon.protocol.Messages;
import io.argon.protocol.Result;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToByteEncoder;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a message as one frame: a 4-byte big-endian length, then the UTF-8 JSON. Nothing above
 * the frame limit reaches the peer, which would refuse it and drop the whole connection: a task
 * result that does not fit goes out as a {@code bad_result} error for that task alone, and any
 * other message fails its write.
 */
public final class MessageEncoder extends MessageToByteEncoder<Message> {
    private final int maxFrameBytes;

    public MessageEncoder(int maxFrameBytes) {
        super(Message.class);
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * A message as one whole frame, for a handler in front of the codec that must answer before
     * the codec sees anything (a plaintext peer at a TLS port, a frame past the budget).
     */
    public static ByteBuf frame(ByteBufAllocator alloc, Message message) {
        byte[] json = Messages.encode(message);
        return alloc.buffer(4 + json.length).writeInt(json.length).writeBytes(json);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Message message, ByteBuf out) throws IOException {
        int start = out.writerIndex();
        out.writeInt(0);
        try (OutputStream json = new ByteBufOutputStream(out)) {
            Messages.encode(message, json);
        }
        int length = out.writerIndex() - start - 4;
        if (length > maxFrameBytes) {
            out.writerIndex(start);
            if (!(message instanceof Result result)) {
                throw new FrameTooLargeException(length, maxFrameBytes);
            }
            encode(ctx, Failure.of(result.id(), ErrorKind.BAD_RESULT, "the task's result is " + length
                    + " bytes of JSON, above the frame limit of " + maxFrameBytes + " bytes on the way back"), out);
            return;
        }
        out.setInt(start, length);
    }

    /** A message that does not fit in one frame: its write fails with this, and nothing of it goes out. */
    public static final class FrameTooLargeException extends EncoderException {
        private final int length;
        private final int limit;

        FrameTooLargeException(int length, int limit) {
            super("message of " + length + " bytes exceeds the frame limit of " + limit + " bytes");
            this.length = length;
            this.limit = limit;
        }

        /** The message's size as JSON, in bytes. */
        public int length() {
            return length;
        }

        /** The most a frame may hold, in bytes. */
        public int limit() {
            return limit;
        }
    }
}
