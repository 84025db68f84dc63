package io.argon.core.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.argon.core.HostPort;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import sun.misc.Signal;

/** What every Argon command line shares: exit codes, {@code host:port} values, log level. */
public final class Commands {
    private Commands() {
    }

    /**
     * Runs a picocli command and returns its exit code. Usage errors print one line with the
     * reason (and a pointer to --help) and give exit code 2.
     */
    public static int execute(Object command, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.registerConverter(HostPort.class, HostPort::parse);
        cli.setParameterExceptionHandler((ex, badArgs) -> {
            CommandLine failed = ex.getCommandLine();
            failed.getErr().println(failed.getCommandName() + ": " + ex.getMessage()
                    + " (see '" + failed.getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        return cli.execute(args);
    }

    /**
     * Blocks until the process gets SIGTERM or SIGINT. The signals are handled rather than left
     * to the JVM, so that a daemon can drain its work and then exit 0.
     */
    public static void awaitStopSignal(org.slf4j.Logger log) throws InterruptedException {
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String name : List.of("TERM", "INT")) {
            Signal.handle(new Signal(name), signal -> {
                log.info("received SIG{}", signal.getName());
                stopRequested.countDown();
            });
        }
        stopRequested.await();
    }

    /** Sets the root log level, e.g. from {@code --log-level debug}; an unknown level is a usage error. */
    public static void setLogLevel(CommandSpec spec, String level) {
        Level parsed = Level.toLevel(level, null);
        if (parsed == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown log level '" + level + "' (trace, debug, info, warn, error, off)");
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(parsed);
    }
}
