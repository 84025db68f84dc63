package io.argon.cluster;

import io.argon.core.security.Secret;
import io.argon.core.security.TlsConfig;
import io.argon.protocol.Messages;
import java.time.Duration;

/**
 * Everything a manager is started with.
 *
 * @param queueLimit        tasks that may wait for a node before new ones are rejected
 * @param heartbeatInterval how often each node is pinged
 * @param heartbeatMisses   intervals of silence after which a node is declared lost
 * @param startGrace        how long after its start the manager holds tasks for nodes to register
 *                          before it answers no_nodes
 * @param maxAttempts       how many times a task that is safe to run again is sent out when
 *                          the node running it is lost
 * @param secret            the shared secret its clients and nodes must prove, or null for none
 * @param tls               TLS for its clients and nodes
 * @param maxConnections    connections from outside that may be open at once
 * @param metricsPort       where to serve Prometheus metrics at /metrics (0: a free port), or {@link #NO_METRICS}
 */
public record ManagerConfig(
        String host,
        int port,
        int queueLimit,
        Duration heartbeatInterval,
        int heartbeatMisses,
        int maxFrameBytes,
        Duration shutdownGrace,
        Duration startGrace,
        int maxAttempts,
        Secret secret,
        TlsConfig tls,
        int maxConnections,
        int metricsPort) {

    /**
     * Long enough for nodes that lost a restarted manager to register again: they retry at most
     * 5 s apart.
     */
    public static final Duration DEFAULT_START_GRACE = Duration.ofSeconds(6);
    public static final int NO_METRICS = -1;

    public ManagerConfig {
        if (queueLimit < 0) {
            throw new IllegalArgumentException("queue limit must be >= 0, got " + queueLimit);
        }
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeat interval must be positive, got " + heartbeatInterval);
        }
        if (heartbeatMisses < 1) {
            throw new IllegalArgumentException("heartbeat misses must be >= 1, got " + heartbeatMisses);
        }
        if (startGrace.isNegative()) {
            throw new IllegalArgumentException("start grace must be >= 0, got " + startGrace);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be >= 1, got " + maxAttempts);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max connections must be >= 1, got " + maxConnections);
        }
        if (metricsPort < NO_METRICS || metricsPort > 65535) {
            throw new IllegalArgumentException("metrics port must be from 0 to 65535, got " + metricsPort);
        }
        if (tls == null) {
            tls = TlsConfig.NONE;
        }
        if (maxFrameBytes < 1024 || maxFrameBytes > Integer.MAX_VALUE - 4) {
            throw new IllegalArgumentException("max frame size must be between 1 KiB and 2 GiB, got " + maxFrameBytes);
        }
    }

    /** A manager on loopback with defaults, as tests and benchmarks start one. */
    public static ManagerConfig local(int port) {
        return new ManagerConfig("127.0.0.1", port, 64, Duration.ofSeconds(1), 3,
                Messages.DEFAULT_MAX_FRAME_BYTES, Duration.ofSeconds(30), DEFAULT_START_GRACE, 3, null, TlsConfig.NONE, 1024, NO_METRICS);
    }
}
