package io.argon.junit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.argon.core.cli.ConsoleLogging;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Tests log only what goes wrong: where Argon's default logging is in force (Logback on the
 * classpath, no configuration of the project's own; see {@link ConsoleLogging}), Argon's INFO
 * lines (a node starting, its workers ready, the node stopping) are left out too. Any other
 * logging, Logback configured by the project or another SLF4J provider, is left as it is; no
 * Logback class is loaded unless Logback is the provider.
 */
final class QuietLogs {
    private static final String LOGBACK = "ch.qos.logback.classic.LoggerContext";

    private QuietLogs() {
    }

    static void apply() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory.getClass().getName().equals(LOGBACK)) {
            Logback.quiet(factory);
        }
    }

    /** Apart, so that Logback's classes are linked only when Logback is there. */
    private static final class Logback {
        static void quiet(ILoggerFactory factory) {
            LoggerContext context = (LoggerContext) factory;
            if ("true".equals(context.getProperty(ConsoleLogging.DEFAULT_IN_FORCE))) {
                context.getLogger("io.argon").setLevel(Level.WARN);
            }
        }
    }
}
