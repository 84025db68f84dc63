package io.argon.core.security;

import io.argon.protocol.Auth;
import io.argon.protocol.Authenticated;
import io.argon.protocol.Challenge;
import io.argon.protocol.Failure;
import io.argon.protocol.Message;
import io.argon.protocol.Messages;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A client's side of the handshake: it answers the daemon's {@link Challenge} and checks that
 * the daemon's {@link Authenticated} proves the secret too, so a client (or a node, dialling
 * its manager) never talks to a daemon that does not know it. Until then the handlers after
 * this one see nothing, not even the connection becoming active; if the handshake fails they
 * see an {@link AuthenticationException} saying why, and the connection closes. One per
 * connection; it leaves the pipeline once both sides are in.
 */
public final class ClientAuthHandler extends ChannelInboundHandlerAdapter {
    private final Secret secret;
    private byte[] serverNonce;
    private byte[] clientNonce;
    private ScheduledFuture<?> timeout;
    private boolean failed;

    public ClientAuthHandler(Secret secret) {
        this.secret = secret;
    }

    /** The handshake failed; the message says why, for the person who set the secrets up. */
    public static final class AuthenticationException extends Exception {
        public AuthenticationException(String message) {
            super(message);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> fail(ctx, ctx.channel().remoteAddress() + " did not ask for the shared secret within "
                + ServerAuthHandler.TIMEOUT.toSeconds() + " s: is it started with --secret-file or ARGON_SECRET?"),
                ServerAuthHandler.TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (serverNonce == null && message instanceof Challenge challenge) {
            serverNonce = challenge.nonce();
            clientNonce = Secret.nonce();
            ctx.writeAndFlush(new Auth(challenge.id(), clientNonce, secret.proof(Secret.Side.CLIENT, serverNonce, clientNonce)));
        } else if (serverNonce != null && message instanceof Authenticated accepted) {
            if (secret.verify(Secret.Side.SERVER, serverNonce, clientNonce, accepted.proof())) {
                timeout.cancel(false);
                ctx.pipeline().remove(this);
                ctx.fireChannelActive();
            } else {
                fail(ctx, ctx.channel().remoteAddress() + " accepted the secret but could not prove it knows it: "
                        + "it is not the daemon it claims to be");
            }
        } else if (message instanceof Failure failure) {
            fail(ctx, ctx.channel().remoteAddress() + " refused this side's secret: [" + failure.kind().wireName() + "] "
                    + failure.message());
        } else {
            fail(ctx, ctx.channel().remoteAddress() + " did not open with the handshake (it sent a '"
                    + (message instanceof Message m ? Messages.typeOf(m) : message) + "'): it has no secret set, or it is not an Argon daemon");
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (!failed) {
            failed = true;
            ctx.fireExceptionCaught(new AuthenticationException(ctx.channel().remoteAddress()
                    + " closed the connection during the handshake"));
        }
        ctx.fireChannelInactive();
    }

    private void fail(ChannelHandlerContext ctx, String why) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (!failed) {
            failed = true;
            ctx.fireExceptionCaught(new AuthenticationException(why));
            ctx.close();
        }
    }
}
