package io.argon.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

/** Argon's default logging: INFO, Netty at WARN, for any program without a configuration of its own. */
class ConsoleLoggingTest {
    /** Finds no logback-test.xml nor logback.xml (this module's tests have a logback-test.xml). */
    private static final ClassLoader NO_CONFIGURATION = new ClassLoader(null) {
    };

    @Test
    void aProgramWithoutConfigurationLogsInfoWithNettyAtWarnToTheConsole() {
        LoggerContext context = new LoggerContext();
        ExecutionStatus status = new ConsoleLogging().configure(context, NO_CONFIGURATION);
        assertThat(status).as("Logback's own default, DEBUG for all, is not applied after it")
                .isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("io.netty.util.internal.PlatformDependent").isDebugEnabled()).isFalse();
        assertThat(context.getLogger("io.netty.channel").isInfoEnabled()).isFalse();
        assertThat(context.getLogger("io.netty.channel").isWarnEnabled()).isTrue();
        assertThat(context.getLogger("io.argon.node.Node").isInfoEnabled()).isTrue();
        assertThat(root.getAppender("CONSOLE")).isInstanceOfSatisfying(ConsoleAppender.class,
                console -> assertThat(console.getTarget()).isEqualTo("System.out"));
        assertThat(context.getProperty(ConsoleLogging.DEFAULT_IN_FORCE)).isEqualTo("true");
    }

    @Test
    void aLogbackTestXmlOnTheClasspathWins() {
        LoggerContext context = new LoggerContext();
        ExecutionStatus status = new ConsoleLogging().configure(context, ConsoleLoggingTest.class.getClassLoader());
        assertThat(status).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE")).isNull();
        assertThat(context.getProperty(ConsoleLogging.DEFAULT_IN_FORCE)).isNull();
    }

    @Test
    void aFileNamedByTheSystemPropertyWins() {
        String before = System.getProperty("logback.configurationFile");
        System.setProperty("logback.configurationFile", "/nowhere/logback.xml");
        try {
            LoggerContext context = new LoggerContext();
            assertThat(new ConsoleLogging().configure(context, NO_CONFIGURATION)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getProperty(ConsoleLogging.DEFAULT_IN_FORCE)).isNull();
        } finally {
            if (before == null) {
                System.clearProperty("logback.configurationFile");
            } else {
                System.setProperty("logback.configurationFile", before);
            }
        }
    }
}
