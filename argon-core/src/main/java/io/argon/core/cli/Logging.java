package io.argon.core.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import io.argon.core.Version;
import java.util.Collection;
import java.util.Iterator;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** What the {@code --log-level} and {@code --log-format} options do to Logback, and a daemon's first log line. */
public final class Logging {
    private Logging() {
    }

    /**
     * Switches every console log line to one JSON object ({@link JsonLogEncoder}: an ISO-8601
     * time, and the key-value pairs a line was logged with as fields), for
     * {@code --log-format json}; {@code text} keeps the configured pattern.
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
                JsonLogEncoder json = new JsonLogEncoder();
                json.setContext(context);
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
