package io.argon.core.security;

import io.netty.handler.ssl.SslContext;

/**
 * What protects one side of Argon's links: the shared secret both ends prove they know, and
 * TLS. Either may be absent.
 *
 * @param secret the shared secret, or null for none
 * @param tls    the TLS context for this side (a daemon's server context, or a client's), or null
 */
public record LinkSecurity(Secret secret, SslContext tls) {
    public static final LinkSecurity NONE = new LinkSecurity(null, null);
}
