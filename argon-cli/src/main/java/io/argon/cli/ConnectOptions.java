package io.argon.cli;

import io.argon.client.ArgonClient;
import io.argon.client.ClientOptions;
import io.argon.core.HostPort;
import io.argon.core.cli.Commands;
import io.argon.core.cli.SecurityOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** What every {@code argon} command that talks to a daemon is given: where it is, how to reach it safely, how much to log. */
final class ConnectOptions {
    @Option(names = {"-a", "--address"}, required = true, paramLabel = "HOST[:PORT]",
            description = "The node or manager to use (port " + HostPort.DEFAULT_PORT + " if left out).")
    HostPort address;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "warn", description = "Log level for the client (default: ${DEFAULT-VALUE}).")
    String logLevel;

    @Mixin
    SecurityOptions security;

    /** Sets the log level, then makes a client for the daemon (it connects on first use). */
    ArgonClient client(CommandSpec spec, ClientOptions options) {
        Commands.setLogLevel(spec, logLevel);
        return new ArgonClient(address.host(), address.port(),
                options.withSecret(security.secret(spec)).withTls(security.tls(spec, null)));
    }
}
