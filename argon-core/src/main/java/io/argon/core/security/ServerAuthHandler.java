package io.argon.core.security;

import io.argon.core.codec.FrameBudget;
import io.argon.core.codec.MessageCodec;
import io.argon.core.codec.ProtocolException;
import io.argon.protocol.Auth;
import io.argon.protocol.Authenticated;
import io.argon.protocol.Challenge;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Message;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon's side of the handshake: every connection opens with a {@link Challenge}, and only
 * a peer that answers with a good {@link Auth} gets any further. Until then the handlers
 * after this one see nothing, not even the connection becoming active; the frame limit is
 * small; and the peer has {@link #TIMEOUT} to prove itself. Anything else is answered
 * {@code unauthorized}, logged with the peer's address, and the connection closed. One per
 * connection; it leaves the pipeline once the peer is in.
 */
public final class ServerAuthHandler extends ChannelInboundHandlerAdapter {
    /** How long a peer has to answer the challenge. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(ServerAuthHandler.class);

    private final Secret secret;
    private final int maxFrameBytes;
    private final FrameBudget budget;
    private byte[] nonce;
    private ScheduledFuture<?> timeout;

    /**
     * @param maxFrameBytes the frame limit once the peer is in
     * @param budget        the daemon's cap on unfinished frames, or null
     */
    public ServerAuthHandler(Secret secret, int maxFrameBytes, FrameBudget budget) {
        this.secret = secret;
        this.maxFrameBytes = maxFrameBytes;
        this.budget = budget;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        nonce = Secret.nonce();
        ctx.writeAndFlush(new Challenge("auth", nonce));
        timeout = ctx.executor().schedule(() -> refuse(ctx, null, "did not answer the challenge within " + TIMEOUT.toSeconds() + " s"),
                TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof Auth auth && secret.verify(Secret.Side.CLIENT, nonce, auth.nonce(), auth.proof())) {
            timeout.cancel(false);
            ctx.writeAndFlush(new Authenticated(auth.id(), secret.proof(Secret.Side.SERVER, nonce, auth.nonce())));
            MessageCodec.widen(ctx.pipeline(), maxFrameBytes, budget);
            ctx.pipeline().remove(this);
            ctx.fireChannelActive();
        } else if (message instanceof Auth auth) {
            refuse(ctx, auth.id(), "gave a wrong proof of the secret");
        } else {
            refuse(ctx, message instanceof Message m ? m.id() : null, "sent a '" + typeOf(message) + "' before proving the secret");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        refuse(ctx, cause instanceof ProtocolException bad ? bad.requestId() : null, "sent something other than the handshake");
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    private void refuse(ChannelHandlerContext ctx, String id, String why) {
        if (!ctx.channel().isOpen()) {
            return;
        }
        if (timeout != null) {
            timeout.cancel(false);
        }
        log.warn("{} {}: refused and closed", ctx.channel().remoteAddress(), why);
        ctx.writeAndFlush(Failure.of(id, ErrorKind.UNAUTHORIZED,
                "this daemon serves only peers that know its shared secret (--secret-file or ARGON_SECRET); closing"))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private static String typeOf(Object message) {
        return message instanceof Message m ? io.argon.protocol.Messages.typeOf(m) : message.getClass().getSimpleName();
    }
}
