package io.argon.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.argon.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;
import picocli.CommandLine.Model.CommandSpec;

/** {@code --log-format json}: what one line of the console log holds. */
class LoggingTest {
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();

    LoggingTest() {
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(ConsoleLogging.PATTERN);
        text.start();
        console.setContext(context);
        console.setName("test-console");
        console.setEncoder(text);
        console.start();
        root.addAppender(console);
    }

    @AfterEach
    void detach() {
        root.detachAppender(console);
        console.stop();
    }

    private JsonNode jsonLine(ILoggingEvent event) throws Exception {
        Logging.setLogFormat(CommandSpec.create(), "json");
        String line = new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);
        assertThat(line).endsWith("\n").doesNotContain("\n\n");
        assertThat(line.strip()).doesNotContain("\n");
        return Json.MAPPER.readTree(line);
    }

    @Test
    void aTextLineIsStampedInUtcWhateverTheMachinesTimeZone() {
        TimeZone machine = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
        try {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setContext(context);
            text.setPattern(ConsoleLogging.PATTERN);
            text.start();
            LoggingEvent event = new LoggingEvent(Logger.class.getName(), context.getLogger("io.argon.node.Node"), Level.INFO,
                    "node listening", null, null);
            event.setInstant(Instant.parse("2026-03-04T05:06:07.089Z"));
            assertThat(new String(text.encode(event), StandardCharsets.UTF_8))
                    .isEqualTo("2026-03-04T05:06:07.089Z INFO  Node - node listening\n");
        } finally {
            TimeZone.setDefault(machine);
        }
    }

    @Test
    void aJsonLineHasAnIsoTimeNoSequenceNumberAndTheFieldsOfWhatItIsAbout() throws Exception {
        Logger logger = context.getLogger("io.argon.node.WorkerPool");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.WARN,
                "{} on {} ran past its timeout; interrupting it", null,
                new Object[] {"task io.argon.examples.SampleTask (id 42)", "worker 1 [pid 4711]"});
        event.setInstant(Instant.parse("2026-03-04T05:06:07.089Z"));
        event.addKeyValuePair(new KeyValuePair("task_id", "42"));
        event.addKeyValuePair(new KeyValuePair("task_class", "io.argon.examples.SampleTask"));
        event.addKeyValuePair(new KeyValuePair("worker_pid", 4711L));

        JsonNode line = jsonLine(event);
        assertThat(line.path("time").asText()).isEqualTo("2026-03-04T05:06:07.089Z");
        assertThat(line.has("sequenceNumber")).isFalse();
        assertThat(line.path("level").asText()).isEqualTo("WARN");
        assertThat(line.path("logger").asText()).isEqualTo("io.argon.node.WorkerPool");
        assertThat(line.path("message").asText())
                .isEqualTo("task io.argon.examples.SampleTask (id 42) on worker 1 [pid 4711] ran past its timeout; interrupting it");
        assertThat(line.path("task_id").asText()).isEqualTo("42");
        assertThat(line.path("task_class").asText()).isEqualTo("io.argon.examples.SampleTask");
        assertThat(line.path("worker_pid").isIntegralNumber()).as("a number, as the status report has pids").isTrue();
        assertThat(line.path("worker_pid").asLong()).isEqualTo(4711);
    }

    @Test
    void aJsonLineCarriesTheStackTraceOfAnExceptionAsText() throws Exception {
        Logger logger = context.getLogger("io.argon.node.WorkerLinkHandler");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.ERROR, "link to {} failed; closing it",
                new IllegalStateException("broken \"pipe\""), new Object[] {"worker 2 [pid 17]"});

        JsonNode line = jsonLine(event);
        assertThat(line.path("message").asText()).isEqualTo("link to worker 2 [pid 17] failed; closing it");
        assertThat(line.path("exception").asText())
                .startsWith("java.lang.IllegalStateException: broken \"pipe\"")
                .contains("\tat io.argon.core.cli.LoggingTest");
        assertThat(line.path("time").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    }
}
