package io.argon.jmh;

import io.argon.core.codec.MessageCodec;
import io.argon.protocol.Message;
import io.argon.protocol.Messages;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;

/**
 * The messages the benchmarks encode and decode: what a bench run of SampleTask sends and gets
 * back. They are decoded from their wire form by the codec itself rather than built with
 * constructors, so the benchmarks follow the protocol, not the shape of the message classes.
 */
public final class Samples {
    private Samples() {
    }

    /**
     * A SampleTask submit as bin/bench sends it, with an extra string param of
     * {@code extraBytes} characters (0 for none) to show how the cost grows with the payload.
     */
    public static Message submit(int extraBytes) {
        String extra = extraBytes > 0 ? ",\"data\":\"" + "x".repeat(extraBytes) + "\"" : "";
        return decode("{\"type\":\"submit\",\"id\":\"1234567\",\"class\":\"io.argon.examples.SampleTask\","
                + "\"params\":{\"num\":123456,\"delay\":0.05" + extra + "}}");
    }

    /** SampleTask's answer. */
    public static Message result() {
        return decode("{\"type\":\"result\",\"id\":\"1234567\",\"result\":123456}");
    }

    /** Reads one frame (length, then the JSON) through the codec, as a peer's bytes would be. */
    private static Message decode(String json) {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        ByteBuf frame = Unpooled.buffer(4 + payload.length).writeInt(payload.length).writeBytes(payload);
        EmbeddedChannel channel = new EmbeddedChannel();
        MessageCodec.install(channel.pipeline(), Messages.DEFAULT_MAX_FRAME_BYTES);
        try {
            channel.writeInbound(frame);
            Message message = channel.readInbound();
            if (message == null) {
                throw new IllegalStateException("the codec did not decode " + json);
            }
            return message;
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
