package io.argon.node;

import io.argon.core.HostPort;
import io.argon.core.security.Secret;
import io.argon.core.security.TlsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a node is started with.
 *
 * @param includes       extra classpath entries for the workers (directories, jars, or {@code dir/*})
 * @param recycleAfter   tasks a worker runs before it is replaced; 0 means never
 * @param queueLimit     tasks that may wait for a worker before new ones are rejected
 * @param managers       the managers to register with (each on its own), or none for a stand-alone node
 * @param taskTimeout    the timeout of a task that has none, and the cap on those that do; zero for none
 * @param maxAttempts    how many times a task that is safe to run again is tried when its worker dies
 * @param secret         the shared secret its clients and its manager must prove, or null for none
 * @param tls            TLS for its clients (a certificate), and to its manager (a CA)
 * @param maxConnections connections from outside that may be open at once
 * @param metricsPort    where to serve Prometheus metrics at /metrics (0: a free port), or {@link #NO_METRICS}
 * @param classDataDir   where the workers' class-data-sharing archive is kept (see {@link WorkerArchive}), or null for none
 */
public record NodeConfig(
        String host,
        int port,
        int workers,
        List<Path> includes,
        int recycleAfter,
        int queueLimit,
        List<String> workerJvmOptions,
        int maxFrameBytes,
        Duration shutdownGrace,
        List<HostPort> managers,
        Duration taskTimeout,
        int maxAttempts,
        Secret secret,
        TlsConfig tls,
        int maxConnections,
        int metricsPort,
        Path classDataDir) {

    /**
     * Small heaps and the serial collector: workers that start fast and stay lean. Full tiered
     * compilation stays on: C1 alone started no faster here and spent about half again as much
     * CPU per tiny task (53 vs 34 us).
     */
    public static final List<String> DEFAULT_WORKER_JVM_OPTIONS = List.of(
            "-XX:+UseSerialGC", "-Xss512k", "-Xms16m", "-Xmx512m", "-XX:-UsePerfData", "-XX:+ExitOnOutOfMemoryError");

    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    public static final int NO_METRICS = -1;

    public NodeConfig {
        if (workers < 1) {
            throw new IllegalArgumentException("a node needs at least 1 worker, got " + workers);
        }
        if (recycleAfter < 0) {
            throw new IllegalArgumentException("recycle-after must be >= 0, got " + recycleAfter);
        }
        if (queueLimit < 0) {
            throw new IllegalArgumentException("queue limit must be >= 0, got " + queueLimit);
        }
        if (maxFrameBytes < 1024 || maxFrameBytes > Integer.MAX_VALUE - 4) {
            throw new IllegalArgumentException("max frame size must be between 1 KiB and 2 GiB, got " + maxFrameBytes);
        }
        if (taskTimeout.isNegative()) {
            throw new IllegalArgumentException("task timeout must be >= 0, got " + taskTimeout);
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
        includes = List.copyOf(includes);
        managers = managers == null ? List.of() : List.copyOf(managers);
        workerJvmOptions = List.copyOf(workerJvmOptions);
    }
}
