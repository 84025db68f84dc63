package io.argon.core.codec;

import io.netty.channel.ChannelPipeline;

/** Installs Argon's framing and JSON codec at the front of a pipeline. */
public final class MessageCodec {
    /** The encoder's name in the pipeline, for a peer that lowers the limit later (a manager's, on registration). */
    public static final String ENCODER = "encoder";
    private static final String FRAMES = "frames";

    private MessageCodec() {
    }

    public static void install(ChannelPipeline pipeline, int maxFrameBytes) {
        install(pipeline, maxFrameBytes, maxFrameBytes, null);
    }

    /**
     * The codec with a smaller limit on what the peer may send ({@link #widen} lifts it later),
     * and the daemon's budget for unfinished frames (null on a client's own link).
     */
    public static void install(ChannelPipeline pipeline, int maxInboundBytes, int maxOutboundBytes, FrameBudget budget) {
        pipeline.addLast(FRAMES, new FrameDecoder(maxInboundBytes, budget));
        pipeline.addLast("decoder", MessageDecoder.INSTANCE);
        pipeline.addLast(ENCODER, new MessageEncoder(maxOutboundBytes));
    }

    /**
     * Raises the limit on inbound frames (once a peer has proven the secret). The old decoder
     * hands what it has buffered to the new one, so no byte is lost.
     */
    public static void widen(ChannelPipeline pipeline, int maxFrameBytes, FrameBudget budget) {
        if (pipeline.get(FRAMES) != null) {
            pipeline.addAfter(FRAMES, FRAMES + "-widened", new FrameDecoder(maxFrameBytes, budget));
            pipeline.remove(FRAMES);
        }
    }
}
