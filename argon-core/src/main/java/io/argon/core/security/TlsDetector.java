package io.argon.core.security;

import io.argon.core.codec.MessageEncoder;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front of a TLS daemon's pipeline, after Netty's port unification: it looks at the first
 * bytes a peer sends. A TLS record puts an {@link SslHandler} in its place; anything else is a
 * peer speaking plaintext to a TLS port, which gets a plaintext {@code unauthorized} error it
 * can read, saying so, and the connection closes. One per connection.
 */
public final class TlsDetector extends ByteToMessageDecoder {
    private static final Logger log = LoggerFactory.getLogger(TlsDetector.class);
    /** A TLS record header. */
    private static final int HEADER = 5;

    private final SslContext tls;

    public TlsDetector(SslContext tls) {
        this.tls = tls;
    }

    /** Held back: the handlers after this one hear of the connection once its TLS handshake is done. */
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < HEADER) {
            return;
        }
        if (SslHandler.isEncrypted(in, false)) {
            ctx.pipeline().replace(this, "tls", tls.newHandler(ctx.alloc()));
            ctx.pipeline().addAfter("tls", "tls-gate", new TlsHandshakeGate());
            return;
        }
        log.warn("{} spoke plaintext to a TLS port; refused and closed", ctx.channel().remoteAddress());
        in.skipBytes(in.readableBytes());
        // Written from here, the frame goes straight out: the codec after this handler is not on its way.
        ctx.writeAndFlush(MessageEncoder.frame(ctx.alloc(), Failure.of(null, ErrorKind.UNAUTHORIZED,
                "this daemon speaks TLS: connect with TLS (--tls-ca); closing"))).addListener(ChannelFutureListener.CLOSE);
    }
}
