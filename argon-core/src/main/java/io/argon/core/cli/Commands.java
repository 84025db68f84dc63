package io.argon.core.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import io.argon.core.HostPort;
import io.argon.core.Version;
import io.argon.core.daemon.Daemon;
import io.argon.core.daemon.Server;
import io.argon.core.net.Transport;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
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

    /**
     * What a daemon's command does: makes the event loop, starts the server {@code create}
     * makes on it, serves until SIGTERM or SIGINT, drains and stops, and releases the loop.
     * Returns the exit status: 0 after a clean stop, 2 when it cannot have its address (a port in
     * use, an address not of this host: a usage error, found before anything else starts), 1 when
     * the start failed otherwise (the reason is logged).
     */
    public static int runUntilStopped(String name, org.slf4j.Logger log, BiFunction<EventLoop, Transport, Server> create)
            throws InterruptedException {
        Transport transport = Transport.best();
        EventLoopGroup group = transport.newGroup(1, "argon-" + name);
        try {
            Server server = create.apply(group.next(), transport);
            // Before the start: a SIGTERM that comes while it starts, or just as it says it
            // listens, is one to drain for once the start is done, not the JVM's abrupt exit.
            CountDownLatch stopRequested = onStopSignal(log);
            try {
                server.start();
            } catch (Exception e) {
                log.error("{} failed to start: {}", name, e.getMessage());
                return causedBy(e, Daemon.ListenException.class) ? 2 : 1;
            }
            reloadOnHangup(name, server, log);
            stopRequested.await();
            server.shutdown().join();
            log.info("{} stopped", name);
            return 0;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** SIGHUP reloads the server (see {@link Server#reload()}); the outcome is logged. */
    private static void reloadOnHangup(String name, Server server, org.slf4j.Logger log) {
        Signal.handle(new Signal("HUP"), signal -> {
            log.info("received SIGHUP: reloading");
            server.reload().whenComplete((report, error) -> {
                if (error != null) {
                    log.error("{} reload failed: {}", name, (error.getCause() != null ? error.getCause() : error).getMessage());
                } else {
                    log.info("{} reloaded: {}", name, report);
                }
            });
        });
    }

    /**
     * Handles SIGTERM and SIGINT from now on: the latch it returns opens at the first. The signals
     * are handled rather than left to the JVM, so that a daemon can drain its work and exit 0.
     */
    private static CountDownLatch onStopSignal(org.slf4j.Logger log) {
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String name : List.of("TERM", "INT")) {
            Signal.handle(new Signal(name), signal -> {
                log.info("received SIG{}", signal.getName());
                stopRequested.countDown();
            });
        }
        return stopRequested;
    }

    /**
     * Switches every console log line to one JSON object (Logback's own {@link JsonEncoder}),
     * for {@code --log-format json}; {@code text} keeps the configured pattern.
     */
    public static void setLogFormat(CommandSpec spec, String format) {
        if (format.equals("text")) {
            return;
        }
        if (!format.equals("json")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown log format '" + format + "' (text or json)");
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> appenders = root.iteratorForAppenders(); appenders.hasNext(); ) {
            if (appenders.next() instanceof ConsoleAppender<ILoggingEvent> console) {
                JsonEncoder json = new JsonEncoder();
                json.setContext(context);
                json.setWithFormattedMessage(true);
                json.setWithMessage(false);
                json.setWithArguments(false);
                json.setWithContext(false);
                json.start();
                console.stop();
                console.setEncoder(json);
                console.start();
            }
        }
    }

    /**
     * The first line a daemon logs: its name, version, and every option as it took effect (from
     * the command line, the environment, a file or a default). Options hold file names, never secrets.
     */
    public static void logStart(org.slf4j.Logger log, CommandSpec spec) {
        StringBuilder options = new StringBuilder();
        for (OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            Object value = option.getValue();
            if (value != null && !(value instanceof Collection<?> values && values.isEmpty())) {
                options.append(options.length() == 0 ? "" : " ").append(option.longestName()).append('=').append(value);
            }
        }
        log.info("{} {} (Java {}) starting with {}", spec.qualifiedName(), Version.get(), Runtime.version(), options);
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
