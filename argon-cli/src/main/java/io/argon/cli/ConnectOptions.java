package io.argon.cli;

import io.argon.client.ArgonClient;
import io.argon.client.ClientOptions;
import io.argon.core.HostPort;
import io.argon.core.cli.CompletionCandidates;
import io.argon.core.cli.Logging;
import io.argon.core.cli.SecurityOptions;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** What every {@code argon} command that talks to a daemon is given: where it is, how to reach it safely, how much to log. */
final class ConnectOptions {
    @Option(names = {"-a", "--address"}, required = true, paramLabel = "HOST[:PORT]", split = ",", splitSynopsisLabel = ",",
            description = "The node or manager to use (port " + HostPort.DEFAULT_PORT + " if left out). Several, joined with ',' "
                    + "or repeated: one is used, and the next when its connection is refused or lost.")
    List<HostPort> addresses;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "warn", completionCandidates = CompletionCandidates.LogLevels.class,
            description = "Log level for the client (default: ${DEFAULT-VALUE}).")
    String logLevel;

    @Mixin
    SecurityOptions security;

    /** Sets the log level, then makes a client for the daemons (it connects on first use). */
    ArgonClient client(CommandSpec spec, ClientOptions options) {
        return client(spec, options, addresses);
    }

    /** Sets the log level, then makes a client for {@code these} of the addresses. */
    ArgonClient client(CommandSpec spec, ClientOptions options, List<HostPort> these) {
        Logging.setLogLevel(spec, logLevel);
        return new ArgonClient(these, options.withSecret(security.secret(spec)).withTls(security.tls(spec, null)));
    }

    /** The addresses as given, for messages. */
    String described() {
        return addresses.stream().map(HostPort::toString).collect(Collectors.joining(","));
    }
}
