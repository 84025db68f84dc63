package io.argon.cli;

import io.argon.core.cli.Commands;
import io.argon.core.cli.VersionProvider;
import picocli.CommandLine.Command;

/** {@code argon}: talks to a running Argon system from the shell. */
@Command(name = "argon", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        subcommands = {SubmitCommand.class, MapCommand.class, StatusCommand.class, ControlCommand.Reload.class,
            ControlCommand.Drain.class, ControlCommand.Undrain.class, HistoryCommands.Tasks.class, HistoryCommands.Task.class},
        description = "Talks to an Argon node or manager.")
public final class ArgonMain implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(Commands.execute(new ArgonMain(), args));
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command (try 'argon submit --help')");
    }
}
