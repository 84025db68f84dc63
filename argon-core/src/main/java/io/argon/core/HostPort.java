package io.argon.core;

/** A {@code host:port} pair as given on a command line. */
public record HostPort(String host, int port) {
    public HostPort {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0-65535");
        }
    }

    /** The port every daemon listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 8000;

    /**
     * Parses {@code host:port}, {@code [v6]:port}, {@code :port} (meaning 127.0.0.1), or a host
     * alone ({@code host}, {@code [v6]}, or a bare IPv6 address), meaning port {@value #DEFAULT_PORT}.
     */
    public static HostPort parse(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("the address is empty; give HOST or HOST:PORT");
        }
        boolean bracketed = text.startsWith("[") && text.endsWith("]");
        boolean bareIpv6 = !text.startsWith("[") && text.indexOf(':') != text.lastIndexOf(':');
        if (bracketed || bareIpv6 || text.indexOf(':') < 0) {
            return new HostPort(bracketed ? text.substring(1, text.length() - 1) : text, DEFAULT_PORT);
        }
        int colon = text.lastIndexOf(':');
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            host = "127.0.0.1";
        }
        try {
            return new HostPort(host, Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no numeric port");
        }
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
