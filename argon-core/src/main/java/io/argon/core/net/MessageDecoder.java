package io.argon.core.net;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import io.argon.core.protocol.ErrorKind;
import io.argon.core.protocol.Messages;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Turns one frame's payload into a {@link io.argon.core.protocol.Message}. A payload that is
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
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) throws IOException {
        frame.markReaderIndex();
        Object message;
        try (InputStream in = new ByteBufInputStream(frame)) {
            message = Messages.READER.readValue(in);
        } catch (JacksonException e) {
            frame.resetReaderIndex();
            throw explain(frame, e);
        }
        if (message == null) {
            throw new ProtocolException(null, ErrorKind.BAD_FRAME, "frame is not a JSON object");
        }
        out.add(message);
    }

    private static ProtocolException explain(ByteBuf frame, JacksonException cause) {
        JsonNode tree;
        try (InputStream in = new ByteBufInputStream(frame)) {
            tree = Messages.MAPPER.readTree(in);
        } catch (IOException notJson) {
            return new ProtocolException(null, ErrorKind.BAD_FRAME, "frame is not valid JSON: " + firstLine(notJson));
        }
        if (tree == null || !tree.isObject()) {
            return new ProtocolException(null, ErrorKind.BAD_FRAME, "frame is not a JSON object");
        }
        JsonNode idNode = tree.get("id");
        String id = idNode != null && idNode.isValueNode() && !idNode.isNull() ? idNode.asText() : null;
        JsonNode type = tree.get("type");
        if (type == null || !type.isTextual()) {
            return new ProtocolException(id, ErrorKind.UNKNOWN_MESSAGE, "message has no 'type'");
        }
        if (cause instanceof InvalidTypeIdException) {
            return new ProtocolException(id, ErrorKind.UNKNOWN_MESSAGE, "unknown message type '" + type.asText() + "'");
        }
        Throwable root = cause;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new ProtocolException(id, ErrorKind.BAD_REQUEST,
                "invalid '" + type.asText() + "' message: " + firstLine(root));
    }

    private static String firstLine(Throwable e) {
        String message = e instanceof JacksonException je ? je.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
