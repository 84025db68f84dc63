package io.argon.core.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The logging of Argon's own commands, set up in code: one line per event on the console,
 * with an ISO-8601 time. Reading a logback.xml would cost a command's start some 500 classes
 * and an XML parser; this costs a few dozen.
 *
 * <p>It acts only in a JVM started by a bin/ command (which sets {@value #CONSOLE_PROPERTY}),
 * and not when {@code logback.configurationFile} names a file of the operator's own (see
 * conf/logback.xml): a program that embeds a node or a client keeps its own logging.
 */
public final class ConsoleLogging extends ContextAwareBase implements Configurator {
    /** Set by the launcher: where the lines go, {@code System.out} (daemons) or {@code System.err} (tools whose stdout is their output). */
    public static final String CONSOLE_PROPERTY = "argon.log.target";
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, UTC} %-5level %logger{0} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        String target = System.getProperty(CONSOLE_PROPERTY);
        if (target == null || System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.NEUTRAL;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setTarget(target);
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        context.getLogger("io.netty").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
