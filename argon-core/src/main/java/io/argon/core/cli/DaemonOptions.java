package io.argon.core.cli;

import io.argon.core.daemon.DaemonConfig;
import io.argon.core.daemon.HttpSettings;
import io.argon.core.security.Secret;
import io.argon.core.security.TlsConfig;
import io.argon.protocol.Messages;
import java.io.IOException;
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

    @Option(names = {"--http-port", "--metrics-port"}, paramLabel = "PORT",
            description = "Serve the dashboard, its API (/api/), /metrics, /healthz and /readyz on this HTTP port (0 picks a free "
                    + "one). Default: none. --metrics-port is another name for it.")
    Integer httpPort;

    @Option(names = "--http-host", paramLabel = "HOST", defaultValue = HttpSettings.LOOPBACK,
            description = "Address the HTTP port listens on (default: ${DEFAULT-VALUE}, this machine only). With another, set a "
                    + "secret or --http-password-file, and TLS.")
    String httpHost;

    @Option(names = "--http-password-file", paramLabel = "FILE",
            description = "The dashboard's password (a file readable by its owner only). Default: the shared secret, if any; "
                    + "with neither, the page has no login.")
    java.nio.file.Path httpPasswordFile;

    @Option(names = "--http-read-only-public",
            description = "Show the dashboard and the read-only API without a login; actions still need one.")
    boolean httpReadOnlyPublic;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep the task history in DIR/history.db, so that it outlives the daemon. Default: none (in memory).")
    public java.nio.file.Path dataDir;

    @Option(names = "--history", paramLabel = "N", defaultValue = "100000",
            description = "Ended tasks the history keeps, for the dashboard and 'argon tasks'; 0 for none (default: ${DEFAULT-VALUE}).")
    public int history;

    @Option(names = OptionDefaults.CONFIG_OPTION, paramLabel = "FILE",
            description = "A properties file of options (workers=8, max-connections=2048, ...), below the environment and the command line.")
    public java.nio.file.Path config;

    /** Sets the log level and format, then logs the first line: the version and the effective options. */
    public void startLogging(org.slf4j.Logger log) {
        Logging.setLogLevel(spec, logLevel);
        Logging.setLogFormat(spec, logFormat);
        Logging.logStart(log, spec);
    }

    /** The HTTP port's settings, or {@link HttpSettings#NONE} without --http-port. */
    public HttpSettings http() {
        if (httpPort == null) {
            return HttpSettings.NONE;
        }
        if (httpPort < 0 || httpPort > 65535) {
            throw new ParameterException(spec.commandLine(), "--http-port " + httpPort + ": a port is from 0 to 65535");
        }
        Secret password = null;
        if (httpPasswordFile != null) {
            try {
                password = Secret.fromFile(httpPasswordFile);
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "--http-password-file: " + e.getMessage());
            }
        }
        return new HttpSettings(httpHost, httpPort, password, httpReadOnlyPublic);
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
                .http(http())
                .dataDir(dataDir)
                .historySize(history);
    }
}
