package io.argon.core.daemon;

import io.argon.core.security.Secret;
import io.argon.core.security.TlsConfig;
import io.argon.protocol.Messages;
import java.time.Duration;

/**
 * What a node and a manager are both started with: where to listen, the queue, the limits,
 * security and the HTTP port. Each daemon's own configuration holds one, and is built by name
 * through a {@link Builder} that sets these too; every value is checked when it is built.
 */
public final class DaemonConfig {
    public static final int DEFAULT_QUEUE_LIMIT = 64;
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

    private final String host;
    private final int port;
    private final int queueLimit;
    private final int maxFrameBytes;
    private final Duration shutdownGrace;
    private final int maxAttempts;
    private final Secret secret;
    private final TlsConfig tls;
    private final int maxConnections;
    private final HttpSettings http;
    private final java.nio.file.Path dataDir;
    private final int historySize;

    private DaemonConfig(Builder<?> set) {
        if (set.host == null || set.host.isBlank()) {
            throw new IllegalArgumentException("a host to listen on is needed");
        }
        if (set.port < 0 || set.port > 65535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, got " + set.port);
        }
        if (set.queueLimit < 0) {
            throw new IllegalArgumentException("queue limit must be >= 0, got " + set.queueLimit);
        }
        if (set.maxFrameBytes < 1024 || set.maxFrameBytes > Integer.MAX_VALUE - 4) {
            throw new IllegalArgumentException("max frame size must be between 1 KiB and 2 GiB, got " + set.maxFrameBytes);
        }
        if (set.shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdown grace must be >= 0, got " + set.shutdownGrace);
        }
        if (set.maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be >= 1, got " + set.maxAttempts);
        }
        if (set.maxConnections < 1) {
            throw new IllegalArgumentException("max connections must be >= 1, got " + set.maxConnections);
        }
        this.host = set.host;
        this.port = set.port;
        this.queueLimit = set.queueLimit;
        this.maxFrameBytes = set.maxFrameBytes;
        this.shutdownGrace = set.shutdownGrace;
        this.maxAttempts = set.maxAttempts;
        this.secret = set.secret;
        this.tls = set.tls == null ? TlsConfig.NONE : set.tls;
        this.maxConnections = set.maxConnections;
        this.http = set.http == null ? HttpSettings.NONE : set.http;
        if (set.historySize < 0) {
            throw new IllegalArgumentException("history size must be >= 0, got " + set.historySize);
        }
        this.dataDir = set.dataDir;
        this.historySize = set.historySize;
    }

    /** The address to listen on. */
    public String host() {
        return host;
    }

    /** The TCP port; 0 for a free one. */
    public int port() {
        return port;
    }

    /** Tasks that may wait before new ones are rejected. */
    public int queueLimit() {
        return queueLimit;
    }

    /** The largest message accepted, in bytes. */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** How long held tasks get to finish when the daemon stops. */
    public Duration shutdownGrace() {
        return shutdownGrace;
    }

    /** How many times a task that is safe to run again is tried when the worker or node running it is lost. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The shared secret every peer must prove, or null for none. */
    public Secret secret() {
        return secret;
    }

    /** TLS for the daemon's links ({@link TlsConfig#NONE} for none). */
    public TlsConfig tls() {
        return tls;
    }

    /** Connections from outside that may be open at once. */
    public int maxConnections() {
        return maxConnections;
    }

    /** The HTTP port: dashboard, API, metrics and health; {@link HttpSettings#NONE} for none. */
    public HttpSettings http() {
        return http;
    }

    /** Where the daemon keeps what outlives it (its task history), or null: kept in memory only. */
    public java.nio.file.Path dataDir() {
        return dataDir;
    }

    /** How many ended tasks the history keeps; 0 for no history. */
    public int historySize() {
        return historySize;
    }

    /** What the HTTP port's login asks for: its own password, else the shared secret; null for no login. */
    public Secret httpPassword() {
        return http.password() != null ? http.password() : secret;
    }

    /**
     * Sets what every daemon is started with, for a daemon's own builder to extend. Its defaults
     * are the commands' (see README), except that the daemon listens on 127.0.0.1 on a free port.
     *
     * @param <B> the daemon's own builder, which every setter returns
     */
    public abstract static class Builder<B extends Builder<B>> {
        private String host = "127.0.0.1";
        private int port;
        private int queueLimit = DEFAULT_QUEUE_LIMIT;
        private int maxFrameBytes = Messages.DEFAULT_MAX_FRAME_BYTES;
        private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Secret secret;
        private TlsConfig tls = TlsConfig.NONE;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private HttpSettings http = HttpSettings.NONE;
        private java.nio.file.Path dataDir;
        private int historySize;

        protected Builder() {
        }

        /** This builder, as the daemon's own type. */
        protected abstract B self();

        /** The address to listen on (default 127.0.0.1). */
        public B host(String address) {
            this.host = address;
            return self();
        }

        /** The TCP port (default 0: a free one). */
        public B port(int number) {
            this.port = number;
            return self();
        }

        /** Tasks that may wait before new ones are rejected (default 64). */
        public B queueLimit(int tasks) {
            this.queueLimit = tasks;
            return self();
        }

        /** The largest message accepted, in bytes (default 16 MiB). */
        public B maxFrameBytes(int bytes) {
            this.maxFrameBytes = bytes;
            return self();
        }

        /** How long held tasks get to finish when the daemon stops (default 30 s). */
        public B shutdownGrace(Duration grace) {
            this.shutdownGrace = grace;
            return self();
        }

        /** How many times a task that is safe to run again is tried when what runs it is lost (default 3). */
        public B maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return self();
        }

        /** The shared secret every peer must prove (default: none). */
        public B secret(Secret shared) {
            this.secret = shared;
            return self();
        }

        /** TLS for the daemon's links (default: none). */
        public B tls(TlsConfig config) {
            this.tls = config;
            return self();
        }

        /** Connections from outside that may be open at once (default 1024). */
        public B maxConnections(int connections) {
            this.maxConnections = connections;
            return self();
        }

        /** Serves the dashboard, its API, /metrics and health checks on an HTTP port (default: none). */
        public B http(HttpSettings settings) {
            this.http = settings;
            return self();
        }

        /** {@link #http(HttpSettings)} on this port (0: a free one), on loopback, with the secret as its password. */
        public B httpPort(int number) {
            return http(HttpSettings.onPort(number));
        }

        /** Where the daemon keeps its task history so that it outlives the process (default: none, memory only). */
        public B dataDir(java.nio.file.Path directory) {
            this.dataDir = directory;
            return self();
        }

        /** How many ended tasks the history keeps (default 0: no history; the commands keep 100,000). */
        public B historySize(int tasks) {
            this.historySize = tasks;
            return self();
        }

        /** The shared part of the configuration, checked. */
        protected DaemonConfig daemon() {
            return new DaemonConfig(this);
        }
    }
}
