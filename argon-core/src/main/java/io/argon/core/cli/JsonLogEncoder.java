package io.argon.core.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * One log event as one line of JSON, for {@code --log-format json}:
 * <pre>{"time":"2026-03-04T05:06:07.089Z","level":"WARN","logger":"io.argon.node.WorkerPool","thread":"argon-node-1-1",
 * "message":"...","task_id":"42","task_class":"io.argon.examples.SampleTask","worker_pid":4711}</pre>
 * {@code time} is ISO-8601 in UTC to the millisecond; then the level, the logger, the thread
 * and the message with its arguments in place; then each key-value pair the line was logged
 * with (SLF4J's {@code addKeyValue}: the task, node and worker a line is about) and each MDC
 * entry, as fields of their own; and last, if the line has one, the {@code exception} with
 * its stack trace as text.
 */
public final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);
    private static final byte[] NOTHING = new byte[0];

    private final JsonFactory json = new JsonFactory();

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        try (JsonGenerator out = json.createGenerator(line)) {
            out.writeStartObject();
            out.writeStringField("time", TIME.format(event.getInstant()));
            out.writeStringField("level", event.getLevel().toString());
            out.writeStringField("logger", event.getLoggerName());
            out.writeStringField("thread", event.getThreadName());
            out.writeStringField("message", event.getFormattedMessage());
            List<KeyValuePair> pairs = event.getKeyValuePairs();
            if (pairs != null) {
                for (KeyValuePair pair : pairs) {
                    writeField(out, pair.key, pair.value);
                }
            }
            Map<String, String> mdc = event.getMDCPropertyMap();
            if (mdc != null) {
                for (Map.Entry<String, String> entry : mdc.entrySet()) {
                    out.writeStringField(entry.getKey(), entry.getValue());
                }
            }
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                out.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a log event as JSON", e); // into memory: does not happen
        }
        line.write('\n');
        return line.toByteArray();
    }

    /** A number or a boolean as itself, anything else as its string. */
    private static void writeField(JsonGenerator out, String key, Object value) throws IOException {
        out.writeFieldName(key);
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
            out.writeNumber(number.doubleValue());
        } else if (value instanceof Boolean bool) {
            out.writeBoolean(bool);
        } else if (value == null) {
            out.writeNull();
        } else {
            out.writeString(value.toString());
        }
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }
}
