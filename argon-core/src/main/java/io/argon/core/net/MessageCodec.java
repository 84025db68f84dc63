package io.argon.core.net;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/** Installs Argon's framing and JSON codec at the front of a pipeline. */
public final class MessageCodec {
    /** The encoder's name in the pipeline, for a peer that lowers the limit later (a manager's, on registration). */
    public static final String ENCODER = "encoder";

    private MessageCodec() {
    }

    public static void install(ChannelPipeline pipeline, int maxFrameBytes) {
        // The limit counts the 4-byte length field too; fail fast so an oversized length is
        // refused as soon as it is read, not after buffering the payload.
        pipeline.addLast("frames", new LengthFieldBasedFrameDecoder(maxFrameBytes + 4, 0, 4, 0, 4, true));
        pipeline.addLast("decoder", MessageDecoder.INSTANCE);
        pipeline.addLast(ENCODER, new MessageEncoder(maxFrameBytes));
    }
}
