package io.argon.core.security;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * On a client's TLS link, tells the handlers after it that the connection is active only once
 * the TLS handshake has succeeded, so that "active" means "ready" whatever protects the link.
 * A failed handshake reaches them as the exception it is. One per connection; it leaves the
 * pipeline after the handshake.
 */
public final class TlsHandshakeGate extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // held back until the handshake completes
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent done) {
            ctx.pipeline().remove(this);
            if (done.isSuccess()) {
                ctx.fireChannelActive();
            }
            // a failure reaches the handlers after this one as an exception, from the SslHandler
        }
        ctx.fireUserEventTriggered(event);
    }
}
