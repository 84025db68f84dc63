package io.argon.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.argon.client.ArgonClient;
import io.argon.client.FailureKind;
import io.argon.client.TaskFailedException;
import io.argon.junit.ArgonNode;
import io.argon.task.Task;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Task objects arrive on a real worker JVM as they were built, whatever their shape: a class
 * with a {@code @JsonCreator} constructor and no getters, a record with a helper getter, a bean,
 * and a record of the JDK types people use. A missing param is an error, never a zero.
 */
class TaskShapesTest {
    @RegisterExtension
    static final ArgonNode argon = ArgonNode.withWorkers(1);

    /** A @JsonCreator class without getters (it was sent as {} and ran with null and 0). */
    static final class Scale implements Task<String> {
        private final String imageId;
        private final int factor;

        @JsonCreator
        Scale(@JsonProperty("imageId") String imageId, @JsonProperty("factor") int factor) {
            this.imageId = imageId;
            this.factor = factor;
        }

        @Override
        public String run() {
            return imageId + " x" + factor;
        }
    }

    /** A record with a helper getter (its 'area' was sent as a param, and refused). */
    record Rectangle(int width, int height) implements Task<Integer> {
        public int getArea() {
            return width * height;
        }

        @Override
        public Integer run() {
            return getArea();
        }
    }

    /** A bean: private fields, one without a getter. */
    static final class Counter implements Task<String> {
        private String name = "unnamed";
        private int start;
        private int step = 1;

        Counter() {
        }

        Counter(String name, int start, int step) {
            this.name = name;
            this.start = start;
            this.step = step;
        }

        public String getName() {
            return name;
        }

        @Override
        public String run() {
            return name + "=" + (start + step);
        }
    }

    enum Size { SMALL, LARGE }

    record Owner(String name, UUID id) {
    }

    /** The JDK types people use, and nested records: it returns itself, so every value can be compared. */
    record Order(Instant at, LocalDate due, Duration within, Optional<String> note, Optional<String> none, UUID id,
                 BigDecimal amount, Size size, Owner owner, List<Owner> others, Map<String, Instant> seen) implements Task<Order> {
        @Override
        public Order run() {
            return this;
        }
    }

    @Test
    void aJsonCreatorClassWithoutGettersArrivesWithEveryValue(ArgonClient client) {
        assertThat(client.process(new Scale("cat", 3))).isEqualTo("cat x3");
    }

    @Test
    void aRecordWithAHelperGetterArrivesAsItWasBuilt(ArgonClient client) {
        int area = client.process(new Rectangle(3, 4));
        assertThat(area).isEqualTo(12);
    }

    @Test
    void aBeanArrivesWithItsPrivateFields(ArgonClient client) {
        assertThat(client.process(new Counter("c", 40, 2))).isEqualTo("c=42");
    }

    @Test
    void javaTimeOptionalUuidBigDecimalAnEnumAndNestedRecordsArriveWithEveryValue(ArgonClient client) {
        Order order = new Order(Instant.parse("2026-12-04T10:15:30.123456789Z"), LocalDate.of(2027, 1, 31), Duration.ofMillis(1500),
                Optional.of("rush"), Optional.empty(), UUID.randomUUID(), new BigDecimal("1234567890.123456789012"), Size.LARGE,
                new Owner("ann", UUID.randomUUID()), List.of(new Owner("bob", UUID.randomUUID())),
                Map.of("first", Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(client.process(order)).isEqualTo(order);
    }

    @Test
    void aMissingParamIsBadParamsNotAZero(ArgonClient client) {
        assertThatThrownBy(() -> client.process(Rectangle.class, Map.of("width", 3)))
                .isInstanceOfSatisfying(TaskFailedException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.BAD_PARAMS))
                .hasMessageContaining("param 'height' is missing");
        // An Optional param may be left out: SampleTask's delay.
        assertThat(client.process(SampleTask.class, Map.of("num", 5))).isEqualTo(5);
    }
}
