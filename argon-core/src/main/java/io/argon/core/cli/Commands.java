package io.argon.core.cli;

import io.argon.core.HostPort;
import java.util.Map;
import picocli.CommandLine;

/** How every Argon command line runs: usage errors and their exit code, {@code host:port} values, defaults from the environment and a file. */
public final class Commands {
    private Commands() {
    }

    /**
     * Runs a picocli command and returns its exit code. Usage errors print one line with the
     * reason (and a pointer to --help) and give exit code 2.
     */
    public static int execute(Object command, String... args) {
        return execute(command, System.getenv(), args);
    }

    /**
     * {@link #execute(Object, String...)} with {@code environment} in place of the process's. A
     * command with a {@code --config} option (a daemon's) takes its options' defaults from there
     * and from that file (see {@link OptionDefaults}).
     */
    public static int execute(Object command, Map<String, String> environment, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.registerConverter(HostPort.class, HostPort::parse);
        cli.setParameterExceptionHandler((ex, badArgs) -> {
            CommandLine failed = ex.getCommandLine();
            failed.getErr().println(failed.getCommandName() + ": " + ex.getMessage()
                    + " (see '" + failed.getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        if (cli.getCommandSpec().findOption(OptionDefaults.CONFIG_OPTION) != null) {
            try {
                cli.setDefaultValueProvider(OptionDefaults.load(cli.getCommandSpec(), args, environment));
            } catch (IllegalArgumentException e) {
                cli.getErr().println(cli.getCommandName() + ": " + e.getMessage());
                return 2;
            }
        }
        return cli.execute(args);
    }
}
