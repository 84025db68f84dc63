package io.argon.cluster;

import io.argon.core.cli.Commands;
import io.argon.core.cli.DaemonOptions;
import io.argon.core.cli.OptionDefaults;
import io.argon.core.cli.SecurityOptions;
import io.argon.core.cli.VersionProvider;
import io.argon.core.daemon.DaemonRunner;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cluster}: runs a manager until SIGTERM or SIGINT. */
@Command(name = "cluster", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Routes tasks from clients to the registered nodes best placed to run them. Runs no task code.",
        footer = OptionDefaults.HELP)
public final class ManagerMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ManagerMain.class);

    @Spec
    CommandSpec spec;

    @Mixin
    DaemonOptions daemon;

    @Mixin
    SecurityOptions security;

    @Option(names = "--heartbeat-ms", paramLabel = "MS", defaultValue = "1000",
            description = "How often a node that holds tasks is pinged; an idle one, every 5th time (default: ${DEFAULT-VALUE}).")
    long heartbeatMillis;

    @Option(names = "--heartbeat-misses", paramLabel = "N", defaultValue = "3",
            description = "Pings in a row a node may leave unanswered before it is dropped (default: ${DEFAULT-VALUE}).")
    int heartbeatMisses;

    @Option(names = "--start-grace", paramLabel = "SECONDS", defaultValue = "6",
            description = "After a start, how long tasks wait for nodes to register before they are answered no_nodes (default: ${DEFAULT-VALUE}).")
    double startGraceSeconds;

    @Option(names = "--max-nodes", paramLabel = "N", defaultValue = "" + ManagerConfig.DEFAULT_MAX_NODES,
            description = "Nodes that may be registered at once; more are refused (default: ${DEFAULT-VALUE}). Registered "
                    + "nodes do not count against --max-connections.")
    int maxNodes;

    public static void main(String[] args) {
        System.exit(Commands.execute(new ManagerMain(), args));
    }

    @Override
    public Integer call() throws Exception {
        ManagerConfig config;
        try {
            config = daemon.applyTo(ManagerConfig.builder(), security.secret(spec), security.tls(spec, daemon.tlsClientCa))
                    .heartbeatInterval(Duration.ofMillis(heartbeatMillis))
                    .heartbeatMisses(heartbeatMisses)
                    .startGrace(Duration.ofMillis((long) (startGraceSeconds * 1000)))
                    .maxNodes(maxNodes)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        daemon.startLogging(log);
        return new DaemonRunner("manager", log).runUntilStopped((loop, transport) -> new Manager(config, loop, transport));
    }
}
