package io.argon.core.daemon;

import io.argon.core.security.Secret;

/**
 * A daemon's HTTP port: the dashboard, its JSON API, {@code /metrics}, {@code /healthz} and
 * {@code /readyz}. It listens on loopback unless told otherwise, and asks for a password when
 * the daemon has a shared secret (the secret itself, or a password of its own).
 *
 * @param host           the address to listen on; {@value #LOOPBACK} by default, so that only this
 *                       machine can reach it
 * @param port           the TCP port, 0 for a free one, or {@link #NONE}'s -1 for no HTTP port
 * @param password       what the page's login asks for, or null: then the daemon's secret, if any
 * @param readOnlyPublic whether the page and the read-only API are open without a login (actions
 *                       still need one)
 */
public record HttpSettings(String host, int port, Secret password, boolean readOnlyPublic) {
    /** The address the HTTP port listens on unless told otherwise. */
    public static final String LOOPBACK = "127.0.0.1";
    /** No HTTP port. */
    public static final HttpSettings NONE = new HttpSettings(LOOPBACK, -1, null, false);

    /** Checks the port, and puts loopback in place of a null or blank host. */
    public HttpSettings {
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("HTTP port must be from 0 to 65535, got " + port);
        }
        if (host == null || host.isBlank()) {
            host = LOOPBACK;
        }
    }

    /** HTTP on {@code port} (0: a free one) on loopback, with the daemon's secret as its password. */
    public static HttpSettings onPort(int port) {
        return new HttpSettings(LOOPBACK, port, null, false);
    }

    /** Whether the daemon serves HTTP at all. */
    public boolean serves() {
        return port >= 0;
    }
}
