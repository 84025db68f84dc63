package io.argon.core.codec;

import io.argon.protocol.MalformedMessageException;
import io.argon.protocol.Messages;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/**
 * Turns one frame's payload into a {@link io.argon.protocol.Message}. A payload that is
 * not a valid message raises a {@link ProtocolException} that names the request's id when it
 * can be read; the framing is intact, so the connection can carry on.
 */
@ChannelHandler.Sharable
public final class MessageDecoder extends MessageToMessageDecoder<ByteBuf> {
    public static final MessageDecoder INSTANCE = new MessageDecoder();

    private MessageDecoder() {
        super(ByteBuf.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        try {
            out.add(Messages.decode(ByteBufUtil.getBytes(frame)));
        } catch (MalformedMessageException e) {
            throw new ProtocolException(e.requestId(), e.kind(), e.getOriginalMessage());
        }
    }
}
