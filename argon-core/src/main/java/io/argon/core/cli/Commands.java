package io.argon.core.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.argon.core.HostPort;
import io.argon.core.net.Server;
import io.argon.core.net.Transport;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
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
     * What a daemon's command does: makes the event loop, starts the server {@code create}
     * makes on it, serves until SIGTERM or SIGINT, drains and stops, and releases the loop.
     * Returns the exit status: 0 after a clean stop, 1 when the start failed (the reason is
     * logged).
     */
    public static int runUntilStopped(String name, org.slf4j.Logger log, BiFunction<EventLoop, Transport, Server> create)
            throws InterruptedException {
        Transport transport = Transport.best();
        EventLoopGroup group = transport.newGroup(1, "argon-" + name);
        try {
            Server server = create.apply(group.next(), transport);
            try {
                server.start();
            } catch (Exception e) {
                log.error("{} failed to start: {}", name, e.getMessage());
                return 1;
            }
            awaitStopSignal(log);
            server.shutdown().join();
            log.info("{} stopped", name);
            return 0;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
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
