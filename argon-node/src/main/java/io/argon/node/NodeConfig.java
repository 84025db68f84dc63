package io.argon.node;

import io.argon.core.HostPort;
import io.argon.core.daemon.DaemonConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a node is started with: what every daemon is ({@link #daemon()}), and its
 * workers, its task code and its managers. Built by name ({@link #builder()}); every value is
 * checked when it is built.
 */
public final class NodeConfig {
    /**
     * Small heaps and the serial collector: workers that start fast and stay lean. Full tiered
     * compilation stays on (see docs/BENCHMARKS.md).
     */
    public static final List<String> DEFAULT_WORKER_JVM_OPTIONS = List.of(
            "-XX:+UseSerialGC", "-Xss512k", "-Xms16m", "-Xmx512m", "-XX:-UsePerfData", "-XX:+ExitOnOutOfMemoryError");
    public static final int DEFAULT_WORKERS = 4;

    private final DaemonConfig daemon;
    private final int workers;
    private final List<Path> includes;
    private final int recycleAfter;
    private final List<String> workerJvmOptions;
    private final List<HostPort> managers;
    private final Duration taskTimeout;
    private final Path classDataDir;

    private NodeConfig(Builder set, DaemonConfig daemon) {
        if (set.workers < 1) {
            throw new IllegalArgumentException("a node needs at least 1 worker, got " + set.workers);
        }
        if (set.recycleAfter < 0) {
            throw new IllegalArgumentException("recycle-after must be >= 0, got " + set.recycleAfter);
        }
        if (set.taskTimeout.isNegative()) {
            throw new IllegalArgumentException("task timeout must be >= 0, got " + set.taskTimeout);
        }
        this.daemon = daemon;
        this.workers = set.workers;
        this.includes = List.copyOf(set.includes);
        this.recycleAfter = set.recycleAfter;
        this.workerJvmOptions = List.copyOf(set.workerJvmOptions);
        this.managers = List.copyOf(set.managers);
        this.taskTimeout = set.taskTimeout;
        this.classDataDir = set.classDataDir;
    }

    /** A builder with the defaults of {@code bin/node}, except that the node listens on 127.0.0.1 on a free port. */
    public static Builder builder() {
        return new Builder();
    }

    /** What every daemon is started with: where it listens, its queue, limits, security, metrics. */
    public DaemonConfig daemon() {
        return daemon;
    }

    /** Worker JVMs to keep running. */
    public int workers() {
        return workers;
    }

    /** Extra classpath entries for the workers: directories, jars, or {@code dir/*}. */
    public List<Path> includes() {
        return includes;
    }

    /** Tasks a worker runs before it is replaced; 0 for never. */
    public int recycleAfter() {
        return recycleAfter;
    }

    /** The workers' JVM options. */
    public List<String> workerJvmOptions() {
        return workerJvmOptions;
    }

    /** The managers to register with (each on its own); none for a stand-alone node. */
    public List<HostPort> managers() {
        return managers;
    }

    /** The timeout of a task that has none, and the cap on those that do; zero for none. */
    public Duration taskTimeout() {
        return taskTimeout;
    }

    /** Where the workers' class-data-sharing archive is kept (see {@link WorkerArchive}), or null for none. */
    public Path classDataDir() {
        return classDataDir;
    }

    /** Sets what a node is started with, by name. */
    public static final class Builder extends DaemonConfig.Builder<Builder> {
        private int workers = DEFAULT_WORKERS;
        private final List<Path> includes = new ArrayList<>();
        private int recycleAfter;
        private List<String> workerJvmOptions = DEFAULT_WORKER_JVM_OPTIONS;
        private final List<HostPort> managers = new ArrayList<>();
        private Duration taskTimeout = Duration.ZERO;
        private Path classDataDir;

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Worker JVMs to keep running (default 4). */
        public Builder workers(int count) {
            this.workers = count;
            return this;
        }

        /** The workers' extra classpath entries, in order (replacing any set before). */
        public Builder includes(List<Path> paths) {
            includes.clear();
            includes.addAll(paths);
            return this;
        }

        /** Tasks a worker runs before it is replaced; 0 (the default) for never. */
        public Builder recycleAfter(int tasks) {
            this.recycleAfter = tasks;
            return this;
        }

        /** The workers' JVM options, in place of {@link #DEFAULT_WORKER_JVM_OPTIONS}. */
        public Builder workerJvmOptions(List<String> options) {
            this.workerJvmOptions = List.copyOf(options);
            return this;
        }

        /** The managers to register with (replacing any set before); none for a stand-alone node. */
        public Builder managers(List<HostPort> addresses) {
            managers.clear();
            managers.addAll(addresses);
            return this;
        }

        /** The timeout of a task that has none, and the cap on those that do (default: none). */
        public Builder taskTimeout(Duration timeout) {
            this.taskTimeout = timeout;
            return this;
        }

        /** Where the workers' class-data archive is kept (default: none). */
        public Builder classDataDir(Path dir) {
            this.classDataDir = dir;
            return this;
        }

        /** @throws IllegalArgumentException naming the first value out of range */
        public NodeConfig build() {
            return new NodeConfig(this, daemon());
        }
    }
}
