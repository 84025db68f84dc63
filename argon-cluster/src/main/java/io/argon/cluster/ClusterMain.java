package io.argon.cluster;

import io.argon.core.cli.Commands;
import io.argon.core.cli.VersionProvider;
import io.argon.core.protocol.Messages;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code cluster}: runs a manager until SIGTERM or SIGINT. */
@Command(name = "cluster", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Routes tasks from clients to the registered nodes best placed to run them. Runs no task code.")
public final class ClusterMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ClusterMain.class);

    @Spec
    CommandSpec spec;

    @Option(names = {"-p", "--port"}, defaultValue = "8000", description = "TCP port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-H", "--host"}, defaultValue = "0.0.0.0", description = "Address to listen on (default: all interfaces).")
    String host;

    @Option(names = {"-l", "--limit"}, paramLabel = "N", defaultValue = "64",
            description = "Tasks that may wait for a node; more are rejected at once (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--heartbeat-ms", paramLabel = "MS", defaultValue = "1000",
            description = "How often each node is pinged (default: ${DEFAULT-VALUE}).")
    long heartbeatMillis;

    @Option(names = "--heartbeat-misses", paramLabel = "N", defaultValue = "3",
            description = "Silent intervals after which a node is dropped (default: ${DEFAULT-VALUE}).")
    int heartbeatMisses;

    @Option(names = "--max-frame-bytes", paramLabel = "BYTES", defaultValue = "" + Messages.DEFAULT_MAX_FRAME_BYTES,
            description = "Largest message accepted, in bytes (default: ${DEFAULT-VALUE}).")
    int maxFrameBytes;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "30",
            description = "On SIGTERM, how long queued and running tasks get to finish (default: ${DEFAULT-VALUE}).")
    int graceSeconds;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
            description = "trace, debug, info, warn or error (default: ${DEFAULT-VALUE}).")
    String logLevel;

    public static void main(String[] args) {
        System.exit(Commands.execute(new ClusterMain(), args));
    }

    @Override
    public Integer call() throws Exception {
        ClusterConfig config;
        try {
            config = new ClusterConfig(host, port, limit, Duration.ofMillis(heartbeatMillis), heartbeatMisses,
                    maxFrameBytes, Duration.ofSeconds(graceSeconds));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Commands.setLogLevel(logLevel);
        Cluster cluster = new Cluster(config);
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String name : List.of("TERM", "INT")) {
            Signal.handle(new Signal(name), signal -> {
                log.info("received SIG{}", signal.getName());
                stopRequested.countDown();
            });
        }
        try {
            cluster.start();
        } catch (Exception e) {
            log.error("manager failed to start: cannot listen on {}:{}: {}", host, port, e.getMessage());
            return 1;
        }
        stopRequested.await();
        cluster.shutdown().join();
        log.info("manager stopped");
        return 0;
    }
}
