package io.argon.cluster;

import io.argon.core.daemon.DaemonConfig;
import java.time.Duration;

/**
 * Everything a manager is started with: what every daemon is ({@link #daemon()}), and how it
 * watches its nodes. Built by name ({@link #builder()}); every value is checked when it is
 * built.
 */
public final class ManagerConfig {
    /**
     * Long enough for nodes that lost a restarted manager to register again: they retry at most
     * 5 s apart.
     */
    public static final Duration DEFAULT_START_GRACE = Duration.ofSeconds(6);
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_HEARTBEAT_MISSES = 3;
    /** How many nodes may be registered at once unless told otherwise. */
    public static final int DEFAULT_MAX_NODES = 4096;

    private final DaemonConfig daemon;
    private final Duration heartbeatInterval;
    private final int heartbeatMisses;
    private final Duration startGrace;
    private final int maxNodes;

    private ManagerConfig(Builder set, DaemonConfig daemon) {
        if (set.heartbeatInterval.isNegative() || set.heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeat interval must be positive, got " + set.heartbeatInterval);
        }
        if (set.heartbeatMisses < 1) {
            throw new IllegalArgumentException("heartbeat misses must be >= 1, got " + set.heartbeatMisses);
        }
        if (set.startGrace.isNegative()) {
            throw new IllegalArgumentException("start grace must be >= 0, got " + set.startGrace);
        }
        if (set.maxNodes < 1) {
            throw new IllegalArgumentException("max nodes must be >= 1, got " + set.maxNodes);
        }
        this.daemon = daemon;
        this.heartbeatInterval = set.heartbeatInterval;
        this.heartbeatMisses = set.heartbeatMisses;
        this.startGrace = set.startGrace;
        this.maxNodes = set.maxNodes;
    }

    /** A builder with the defaults of {@code bin/cluster}, except that the manager listens on 127.0.0.1 on a free port. */
    public static Builder builder() {
        return new Builder();
    }

    /** What every daemon is started with: where it listens, its queue, limits, security, metrics. */
    public DaemonConfig daemon() {
        return daemon;
    }

    /** How often a node that holds tasks is pinged (an idle one, less often: see {@code NodeHeartbeat}). */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** Pings in a row a node may leave unanswered, each for an interval, before it is declared lost. */
    public int heartbeatMisses() {
        return heartbeatMisses;
    }

    /** How long after its start the manager holds tasks for nodes to register before it answers {@code no_nodes}. */
    public Duration startGrace() {
        return startGrace;
    }

    /**
     * How many nodes may be registered at once; a registration past it is refused. Registered
     * nodes do not count against {@code --max-connections}, which is for clients.
     */
    public int maxNodes() {
        return maxNodes;
    }

    /** Sets what a manager is started with, by name. */
    public static final class Builder extends DaemonConfig.Builder<Builder> {
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private int heartbeatMisses = DEFAULT_HEARTBEAT_MISSES;
        private Duration startGrace = DEFAULT_START_GRACE;
        private int maxNodes = DEFAULT_MAX_NODES;

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** How often each node is pinged (default 1 s). */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = interval;
            return this;
        }

        /** Intervals of silence after which a node is declared lost (default 3). */
        public Builder heartbeatMisses(int misses) {
            this.heartbeatMisses = misses;
            return this;
        }

        /** How long after its start tasks wait for nodes to register (default 6 s). */
        public Builder startGrace(Duration grace) {
            this.startGrace = grace;
            return this;
        }

        /** How many nodes may be registered at once (default 4096). */
        public Builder maxNodes(int nodes) {
            this.maxNodes = nodes;
            return this;
        }

        /** @throws IllegalArgumentException naming the first value out of range */
        public ManagerConfig build() {
            return new ManagerConfig(this, daemon());
        }
    }
}
