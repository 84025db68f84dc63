package io.argon.core.net;

import io.argon.core.protocol.Message;
import io.argon.core.protocol.Messages;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToByteEncoder;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a message as one frame: a 4-byte big-endian length, then the UTF-8 JSON. A message
 * whose JSON exceeds the frame limit fails its write instead of reaching a peer that would
 * refuse it and drop the connection.
 */
public final class MessageEncoder extends MessageToByteEncoder<Message> {
    private final int maxFrameBytes;

    public MessageEncoder(int maxFrameBytes) {
        super(Message.class);
        this.maxFrameBytes = maxFrameBytes;
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
            throw new EncoderException("message of " + length + " bytes exceeds the frame limit of " + maxFrameBytes + " bytes");
        }
        out.setInt(start, length);
    }
}
