package io.argon.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.protocol.Json;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyWindowTest {
    private final LatencyWindow window = new LatencyWindow();

    private ObjectNode at(long nowNanos) {
        ObjectNode report = Json.MAPPER.createObjectNode();
        window.describe(report, nowNanos);
        return report;
    }

    @Test
    void nothingEndedIsNullPercentilesAndNoTasks() {
        ObjectNode report = at(0);
        assertThat(report.get("p50").isNull()).isTrue();
        assertThat(report.get("p99").isNull()).isTrue();
        assertThat(report.get("tasks").asLong()).isZero();
        assertThat(report.get("window_s").asInt()).isEqualTo(60);
    }

    @Test
    void percentilesAreWithinAQuarterOfTheTruth() {
        long now = TimeUnit.SECONDS.toNanos(1000);
        for (int i = 1; i <= 1000; i++) {
            window.record(TimeUnit.MICROSECONDS.toNanos(i * 10L), now); // 10 us .. 10 ms, evenly
        }
        ObjectNode report = at(now);
        assertThat(report.get("tasks").asLong()).isEqualTo(1000);
        assertThat(report.get("p50").asDouble()).isCloseTo(5.0, within(1.25));
        assertThat(report.get("p99").asDouble()).isCloseTo(9.9, within(2.5));
        assertThat(report.get("p99").asDouble()).isGreaterThanOrEqualTo(report.get("p50").asDouble());
    }

    @Test
    void samplesOlderThanTheWindowAreForgotten() {
        long start = TimeUnit.SECONDS.toNanos(1000);
        window.record(TimeUnit.MILLISECONDS.toNanos(500), start);
        window.record(TimeUnit.MILLISECONDS.toNanos(1), start + TimeUnit.SECONDS.toNanos(30));
        assertThat(at(start + TimeUnit.SECONDS.toNanos(31)).get("tasks").asLong()).isEqualTo(2);
        ObjectNode later = at(start + TimeUnit.SECONDS.toNanos(61));
        assertThat(later.get("tasks").asLong()).as("the first sample's slice has left the window").isEqualTo(1);
        assertThat(later.get("p99").asDouble()).isLessThan(2.0);
        assertThat(at(start + TimeUnit.SECONDS.toNanos(200)).get("tasks").asLong()).isZero();
    }

    @Test
    void bucketsCoverTenMicrosecondsToHalfAnHour() {
        assertThat(LatencyWindow.bucket(1)).isZero();
        assertThat(LatencyWindow.bucket(TimeUnit.HOURS.toNanos(10))).isEqualTo(LatencyWindow.BUCKETS - 1);
        assertThat(LatencyWindow.upperMillis(LatencyWindow.BUCKETS - 1)).isGreaterThan(30 * 60 * 1000.0);
    }
}
