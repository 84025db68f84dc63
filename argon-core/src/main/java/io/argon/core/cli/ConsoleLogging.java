package io.argon.core.cli;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.Loader;

/**
 * Argon's default logging, set up in code: one line per event on the console, with an
 * ISO-8601 time, at INFO, with Netty's at WARN. Reading a logback.xml would cost a command's
 * start some 500 classes and an XML parser; this costs a few dozen.
 *
 * <p>Logback finds it as a {@link Configurator} service in argon-core's jar, so it is the default
 * of every JVM that has argon-core and Logback on its classpath: the bin/ commands, and a program
 * that embeds a client or a node (rather than Logback's own default, every library's DEBUG lines
 * on the console). It steps aside for a configuration of the program's own: a file that
 * {@code logback.configurationFile} names (see conf/logback.xml), or a {@code logback-test.xml}
 * or {@code logback.xml} on the classpath, which Logback then reads as usual.
 */
public final class ConsoleLogging extends ContextAwareBase implements Configurator {
    /** Set by the launcher: where the lines go, {@code System.out} (daemons, and the default) or {@code System.err} (tools whose stdout is their output). */
    public static final String CONSOLE_PROPERTY = "argon.log.target";
    /**
     * A property of the logger context, "true" where this default is in force (no configuration of
     * the program's own): argon-junit then quiets Argon's INFO lines in tests too.
     */
    public static final String DEFAULT_IN_FORCE = "argon.log.default";
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, UTC} %-5level %logger{0} - %msg%n";

    /** Sets up the console, unless the program has a configuration of its own. */
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        return configure(context, Loader.getClassLoaderOfObject(this));
    }

    /** {@link #configure(LoggerContext)}, with the class loader that would find a configuration file. */
    ExecutionStatus configure(LoggerContext context, ClassLoader loader) {
        if (hasOwnConfiguration(loader)) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY; // Logback's own configurator reads it
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setTarget(System.getProperty(CONSOLE_PROPERTY, "System.out"));
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        context.getLogger("io.netty").setLevel(Level.WARN);
        context.putProperty(DEFAULT_IN_FORCE, "true");
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Whether Logback's own configurator would find a file: where a system property says, or on the classpath. */
    private static boolean hasOwnConfiguration(ClassLoader loader) {
        if (System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null) {
            return true;
        }
        return Loader.getResource(ClassicConstants.TEST_AUTOCONFIG_FILE, loader) != null
                || Loader.getResource(ClassicConstants.AUTOCONFIG_FILE, loader) != null;
    }
}
