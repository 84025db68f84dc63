package io.argon.core.codec;

import io.argon.core.TlsFailures;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;

/**
 * How a daemon answers a peer that breaks the protocol: a message it cannot act on gets an
 * error reply and the connection carries on; a broken frame (too long, negative length)
 * gets an error reply and the connection is closed, since the framing can no longer be
 * trusted. Either way the daemon itself keeps running.
 */
public final class ProtocolErrors {
    private ProtocolErrors() {
    }

    /** The TLS failure behind {@code cause}, or null. */
    private static SSLException sslFailure(Throwable cause) {
        for (Throwable each = cause; each != null; each = each.getCause()) {
            if (each instanceof SSLException ssl) {
                return ssl;
            }
        }
        return null;
    }

    public static void handle(ChannelHandlerContext ctx, Throwable cause, Logger log) {
        if (cause instanceof ProtocolException bad) {
            log.warn("{} sent a bad message: {}", ctx.channel().remoteAddress(), bad.getMessage());
            ctx.writeAndFlush(Failure.of(bad.requestId(), bad.kind(), bad.getMessage()));
        } else if (cause instanceof TooLongFrameException || cause instanceof CorruptedFrameException) {
            ErrorKind kind = cause instanceof TooLongFrameException ? ErrorKind.FRAME_TOO_LARGE : ErrorKind.BAD_FRAME;
            log.warn("{} sent a broken frame, closing: {}", ctx.channel().remoteAddress(), cause.getMessage());
            ctx.writeAndFlush(Failure.of(null, kind, cause.getMessage() + "; closing the connection"))
                    .addListener(ChannelFutureListener.CLOSE);
        } else if (sslFailure(cause) != null) {
            // A peer that fails the handshake (wrong CA, no certificate, plaintext): its fault, one line.
            log.warn("{}: TLS failed: {}; closed", ctx.channel().remoteAddress(), TlsFailures.describe(sslFailure(cause)));
            ctx.close();
        } else if (cause instanceof IOException) {
            log.debug("{} connection error: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        } else {
            log.error("unexpected error on connection {}, closing it", ctx.channel().remoteAddress(), cause);
            ctx.close();
        }
    }
}
