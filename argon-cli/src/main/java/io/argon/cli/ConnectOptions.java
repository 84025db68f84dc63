package io.argon.cli;

import io.argon.client.ArgonClient;
import io.argon.client.ClientOptions;
import io.argon.core.HostPort;
import io.argon.core.cli.CompletionCandidates;
import io.argon.core.cli.Logging;
import io.argon.core.cli.SecurityOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** What every {@code argon} command that talks to a daemon is given: where it is, how to reach it safely, how much to log. */
final class ConnectOptions {
    /** The environment variable that gives the address when {@code -a} is left out. */
    static final String ADDRESS_VARIABLE = "ARGON_ADDRESS";

    @Option(names = {"-a", "--address"}, paramLabel = "HOST[:PORT]", split = ",", splitSynopsisLabel = ",",
            description = "The node or manager to use (port " + HostPort.DEFAULT_PORT + " if left out); default: "
                    + ADDRESS_VARIABLE + " in the environment. Several, joined with ',' or repeated: one is used, and the next "
                    + "when its connection is refused or lost.")
    List<HostPort> addresses;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "warn", completionCandidates = CompletionCandidates.LogLevels.class,
            description = "Log level for the client (default: ${DEFAULT-VALUE}).")
    String logLevel;

    @Mixin
    SecurityOptions security;

    /** Sets the log level, then makes a client for the daemons (it connects on first use). */
    ArgonClient client(CommandSpec spec, ClientOptions options) {
        return client(spec, options, addresses(spec));
    }

    /**
     * The addresses: those given with {@code -a}, else those in {@value #ADDRESS_VARIABLE}.
     *
     * @throws ParameterException when there are none, or the variable's cannot be read
     */
    List<HostPort> addresses(CommandSpec spec) {
        if (addresses == null || addresses.isEmpty()) {
            String fromEnvironment = System.getenv(ADDRESS_VARIABLE);
            if (fromEnvironment == null || fromEnvironment.isBlank()) {
                throw new ParameterException(spec.commandLine(), "no address: give -a HOST[:PORT], or set " + ADDRESS_VARIABLE);
            }
            List<HostPort> parsed = new ArrayList<>();
            for (String address : fromEnvironment.split(",")) {
                try {
                    parsed.add(HostPort.parse(address.trim()));
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), ADDRESS_VARIABLE + "=" + fromEnvironment + ": '" + address.trim()
                            + "' is not HOST or HOST:PORT: " + e.getMessage());
                }
            }
            addresses = parsed;
        }
        return addresses;
    }

    /** Sets the log level, then makes a client for {@code these} of the addresses. */
    ArgonClient client(CommandSpec spec, ClientOptions options, List<HostPort> these) {
        Logging.setLogLevel(spec, logLevel);
        return new ArgonClient(these.stream().map(HostPort::toString).toList(), options.withSecret(security.secret(spec)).withTls(security.tls(spec, null)));
    }

    /** The addresses as given, for messages (after {@link #addresses(CommandSpec)}). */
    String described() {
        return addresses.stream().map(HostPort::toString).collect(Collectors.joining(","));
    }
}
