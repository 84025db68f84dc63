package io.argon.core.cli;

import io.argon.core.HostPort;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

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
        // No argument files: an '@' means what each option says (argon submit -p @params.json reads that file).
        cli.setExpandAtFiles(false);
        cli.registerConverter(HostPort.class, Commands::hostPort);
        OptionDefaults[] defaults = new OptionDefaults[1];
        cli.setParameterExceptionHandler((ex, badArgs) -> {
            CommandLine failed = ex.getCommandLine();
            PrintWriter err = failed.getErr();
            err.println(failed.getCommandName() + ": " + ex.getMessage() + sourceOf(ex, defaults[0])
                    + " (see '" + failed.getCommandSpec().qualifiedName() + " --help')");
            UnmatchedArgumentException.printSuggestions(ex, err); // "Did you mean: argon submit?"
            err.flush();
            return 2;
        });
        if (cli.getCommandSpec().findOption(OptionDefaults.CONFIG_OPTION) != null) {
            try {
                defaults[0] = OptionDefaults.load(cli.getCommandSpec(), args, environment);
                cli.setDefaultValueProvider(defaults[0]);
            } catch (IllegalArgumentException e) {
                cli.getErr().println(cli.getCommandName() + ": " + e.getMessage());
                return 2;
            }
        }
        return cli.execute(args);
    }

    /** A {@code HOST[:PORT]} value, or a usage error that says what is wrong with it. */
    private static HostPort hostPort(String value) {
        try {
            return HostPort.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not HOST or HOST:PORT: " + e.getMessage());
        }
    }

    /** Where the value that broke an option came from, when it was not the command line: " (from ARGON_WORKERS ...)". */
    private static String sourceOf(ParameterException error, OptionDefaults defaults) {
        if (defaults == null || !(error.getArgSpec() instanceof OptionSpec option)) {
            return "";
        }
        // The value that broke it is the one from the environment or the file, not one given as a flag.
        String fromDefaults = defaults.defaultValue(option);
        String source = fromDefaults != null && fromDefaults.equals(error.getValue()) ? defaults.sourceOf(option) : null;
        return source == null ? "" : " (the value came " + source + ")";
    }
}
