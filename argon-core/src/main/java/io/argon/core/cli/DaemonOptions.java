package io.argon.core.cli;

import io.argon.core.daemon.DaemonConfig;
import io.argon.core.security.Secret;
import io.argon.core.security.TlsConfig;
import io.argon.protocol.Messages;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options a node and a manager share: where to listen, the queue, limits, logging. */
public final class DaemonOptions {
    public int port;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = {"-p", "--port"}, defaultValue = "8000", description = "TCP port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    void port(int value) {
        if (value < 0 || value > 65535) {
            throw new ParameterException(spec.commandLine(), "-p " + value + ": a port is from 0 to 65535");
        }
        port = value;
    }

    @Option(names = {"-H", "--host"}, defaultValue = "0.0.0.0", description = "Address to listen on (default: all interfaces).")
    public String host;

    @Option(names = {"-l", "--limit"}, paramLabel = "N", defaultValue = "64",
            description = "Tasks that may wait in the queue; more are rejected at once (default: ${DEFAULT-VALUE}).")
    public int limit;

    @Option(names = "--max-frame-bytes", paramLabel = "BYTES", defaultValue = "" + Messages.DEFAULT_MAX_FRAME_BYTES,
            description = "Largest message accepted, in bytes (default: ${DEFAULT-VALUE}).")
    public int maxFrameBytes;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "30",
            description = "On SIGTERM or SIGINT, how long queued and running tasks get to finish (default: ${DEFAULT-VALUE}).")
    public int graceSeconds;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "3",
            description = "Times a task submitted as safe to run again is tried when its worker or node is lost (default: ${DEFAULT-VALUE}).")
    public int maxAttempts;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "1024",
            description = "Client connections that may be open at once; more are closed as they come (default: ${DEFAULT-VALUE}). "
                    + "A manager's registered nodes do not count.")
    public int maxConnections;

    @Option(names = "--tls-client-ca", paramLabel = "FILE",
            description = "Require a TLS certificate from every peer, signed by this CA (PEM): mutual TLS. Needs --tls-cert and --tls-key.")
    public java.nio.file.Path tlsClientCa;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info", completionCandidates = CompletionCandidates.LogLevels.class,
            description = "trace, debug, info, warn or error (default: ${DEFAULT-VALUE}).")
    public String logLevel;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text", completionCandidates = CompletionCandidates.LogFormats.class,
            description = "text (one line per event) or json (one JSON object per line) (default: ${DEFAULT-VALUE}).")
    public String logFormat;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics at http://HOST:PORT/metrics (on the -H address; 0 picks a free port). Default: none.")
    Integer metricsPort;

    @Option(names = OptionDefaults.CONFIG_OPTION, paramLabel = "FILE",
            description = "A properties file of options (workers=8, max-connections=2048, ...), below the environment and the command line.")
    public java.nio.file.Path config;

    /** Sets the log level and format, then logs the first line: the version and the effective options. */
    public void startLogging(org.slf4j.Logger log) {
        Logging.setLogLevel(spec, logLevel);
        Logging.setLogFormat(spec, logFormat);
        Logging.logStart(log, spec);
    }

    /** The --metrics-port, or -1 for none. */
    public int metricsPort() {
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
            throw new ParameterException(spec.commandLine(), "--metrics-port " + metricsPort + ": a port is from 0 to 65535");
        }
        return metricsPort == null ? -1 : metricsPort;
    }

    public Duration grace() {
        return Duration.ofSeconds(graceSeconds);
    }

    /**
     * Sets these options, and the security the command read, on a daemon's configuration builder.
     *
     * @throws IllegalArgumentException if one is out of range (once the builder builds, if not before)
     */
    public <B extends DaemonConfig.Builder<B>> B applyTo(B builder, Secret secret, TlsConfig tls) {
        return builder.host(host)
                .port(port)
                .queueLimit(limit)
                .maxFrameBytes(maxFrameBytes)
                .shutdownGrace(grace())
                .maxAttempts(maxAttempts)
                .secret(secret)
                .tls(tls)
                .maxConnections(maxConnections)
                .metricsPort(metricsPort());
    }
}
