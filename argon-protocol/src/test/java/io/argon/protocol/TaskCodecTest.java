package io.argon.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
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

/** A task arrives as it was built: the client's writing and the worker's building, side by side in one JVM. */
class TaskCodecTest {
    private final TaskCodec codec = TaskCodec.forClassLoader(getClass().getClassLoader(), List.of());

    /** Written as the client writes it, built as a worker builds it. */
    private <T> T sent(T task) throws Exception {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) task.getClass();
        return codec.readParams(codec.writeParams(task), type);
    }

    /** A @JsonCreator class with no getters: it was sent as {} and ran with null and 0. */
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
            return imageId + "x" + factor;
        }
    }

    /** A record with a helper getter: 'area' was sent as a param the worker then refused. */
    record Rectangle(int width, int height) implements Task<Integer> {
        public int getArea() {
            return width * height;
        }

        @Override
        public Integer run() {
            return getArea();
        }
    }

    /** A bean: a no-argument constructor, private fields, one of them with no getter. */
    static final class Counter implements Task<Integer> {
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
        public Integer run() {
            return start + step;
        }
    }

    enum Size { SMALL, LARGE }

    record Owner(String name, UUID id) {
    }

    /** The JDK types people use, and a nested record. */
    record Order(Instant at, LocalDate due, Duration within, Optional<String> note, Optional<String> none, UUID id,
                 BigDecimal amount, Size size, Owner owner, List<Owner> others, Map<String, Instant> seen) implements Task<String> {
        @Override
        public String run() {
            return id.toString();
        }
    }

    @Test
    void aJsonCreatorClassWithoutGettersArrivesWithEveryValue() throws Exception {
        Scale scale = sent(new Scale("cat", 3));
        assertThat(scale.run()).isEqualTo("catx3");
        assertThat(codec.writeParams(new Scale("cat", 3)).toTree().toString()).isEqualTo("{\"imageId\":\"cat\",\"factor\":3}");
    }

    @Test
    void aRecordsHelperGetterIsNotAParam() throws Exception {
        assertThat(codec.writeParams(new Rectangle(3, 4)).toTree().toString()).isEqualTo("{\"width\":3,\"height\":4}");
        assertThat(sent(new Rectangle(3, 4))).isEqualTo(new Rectangle(3, 4));
    }

    @Test
    void aBeanArrivesWithItsPrivateFieldsGettersOrNot() throws Exception {
        Counter counter = sent(new Counter("c", 40, 2));
        assertThat(counter.getName()).isEqualTo("c");
        assertThat(counter.run()).isEqualTo(42);
        // A field left out keeps the value its class gives it.
        Counter defaults = codec.readParams(RawJson.parse("{\"start\":1}"), Counter.class);
        assertThat(defaults.getName()).isEqualTo("unnamed");
        assertThat(defaults.run()).isEqualTo(2);
    }

    @Test
    void javaTimeOptionalUuidBigDecimalEnumsAndNestedRecordsArriveWithEveryValue() throws Exception {
        UUID id = UUID.randomUUID();
        Order order = new Order(Instant.parse("2026-12-04T10:15:30.123456789Z"), LocalDate.of(2027, 1, 31), Duration.ofMillis(1500),
                Optional.of("rush"), Optional.empty(), id, new BigDecimal("1234567890.123456789012"), Size.LARGE,
                new Owner("ann", UUID.randomUUID()), List.of(new Owner("bob", UUID.randomUUID())),
                Map.of("first", Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(sent(order)).isEqualTo(order);
        String json = new String(codec.writeParams(order).utf8(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(json).contains("\"at\":\"2026-12-04T10:15:30.123456789Z\"").contains("\"due\":\"2027-01-31\"")
                .contains("\"within\":\"PT1.5S\"")
                .contains("\"note\":\"rush\"").contains("\"none\":null").contains("\"size\":\"LARGE\"")
                .contains("\"amount\":1234567890.123456789012");
    }

    @Test
    void aMissingConstructorParamIsAnErrorNotAZeroButAMissingOptionalIsEmpty() throws Exception {
        assertThatThrownBy(() -> codec.readParams(RawJson.parse("{\"width\":3}"), Rectangle.class))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("'height'");
        assertThatThrownBy(() -> codec.readParams(RawJson.parse("{\"factor\":3}"), Scale.class))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("'imageId'");
        assertThatThrownBy(() -> codec.readParams(RawJson.parse("{\"width\":3,\"height\":null}"), Rectangle.class))
                .isInstanceOf(MismatchedInputException.class);
        Order order = sent(new Order(Instant.EPOCH, LocalDate.EPOCH, Duration.ZERO, Optional.empty(), Optional.empty(),
                new UUID(0, 1), BigDecimal.ONE, Size.SMALL, new Owner("o", new UUID(0, 2)), List.of(), Map.of()));
        assertThat(order.note()).isEmpty();
    }

    @Test
    void aTaskThatArrivesAsItWasBuiltIsSendable() {
        codec.checkSendable(new Rectangle(1, 2));
        codec.checkSendable(new Scale("a", 1));
        codec.checkSendable(new Counter("n", 1, 2));
    }

    @Test
    void lambdasAnonymousLocalAndInnerClassesAreRefusedSayingWhatToDoInstead() {
        Task<Integer> lambda = () -> 42;
        assertThatThrownBy(() -> codec.checkSendable(lambda)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a lambda cannot be sent as a task").hasMessageContaining("Write a record");
        Task<Integer> anonymous = new Task<>() {
            @Override
            public Integer run() {
                return 42;
            }
        };
        assertThatThrownBy(() -> codec.checkSendable(anonymous)).hasMessageStartingWith("an anonymous class cannot be sent as a task");
        record Local(int n) implements Task<Integer> {
            @Override
            public Integer run() {
                return n;
            }
        }
        assertThatThrownBy(() -> codec.checkSendable(new Local(1))).hasMessageStartingWith("a local class cannot be sent as a task");
        assertThatThrownBy(() -> codec.checkSendable(new Inner())).hasMessageStartingWith("an inner class cannot be sent as a task")
                .hasMessageContaining("static nested class");
    }

    final class Inner implements Task<Integer> {
        @Override
        public Integer run() {
            return 1;
        }
    }

    /** Its constructor param is kept under another name: it would arrive as {"label": ...} and be refused. */
    static final class Renamed implements Task<String> {
        private final String label;

        @JsonCreator
        Renamed(@JsonProperty("name") String name) {
            this.label = name;
        }

        @Override
        public String run() {
            return label;
        }
    }

    /** Its constructor changes what it is given: rebuilt, it would hold another value. */
    static final class Doubling implements Task<Integer> {
        private final int n;

        @JsonCreator
        Doubling(@JsonProperty("n") int n) {
            this.n = 2 * n;
        }

        @Override
        public Integer run() {
            return n;
        }
    }

    @Test
    void aTaskThatWouldNotArriveAsItWasBuiltIsRefusedSayingWhy() {
        assertThatThrownBy(() -> codec.checkSendable(new Renamed("x")))
                .hasMessageStartingWith("task " + Renamed.class.getName() + " cannot be built from the params written from it, "
                        + "{\"label\":\"x\"}")
                .hasMessageContaining("name them as its constructor's params");
        assertThatThrownBy(() -> codec.checkSendable(new Doubling(2)))
                .hasMessageContaining("would not arrive as it was built: its fields are written as {\"n\":4}, but the task "
                        + "built from them holds {\"n\":8}");
    }

    @Test
    void theResultTypeIsWhatTheTaskClassDeclares() {
        assertThat(codec.resultTypeOf(Rectangle.class).getRawClass()).isEqualTo(Integer.class);
        assertThat(codec.resultTypeOf(Order.class).getRawClass()).isEqualTo(String.class);
    }

    @Test
    void resultsCarryJavaTimeAndOptional() throws Exception {
        RawJson written = codec.writeResult(new Owner("ann", new UUID(0, 7)));
        assertThat(codec.<Owner>readResult(written, codec.type(Owner.class))).isEqualTo(new Owner("ann", new UUID(0, 7)));
        RawJson instant = codec.writeResult(Instant.parse("2026-12-04T10:15:30Z"));
        assertThat(instant.toTree().asText()).isEqualTo("2026-12-04T10:15:30Z");
        assertThat(codec.<Instant>readResult(instant, codec.type(Instant.class))).isEqualTo(Instant.parse("2026-12-04T10:15:30Z"));
        assertThat(codec.writeResult(Optional.of(5)).toTree().asInt()).isEqualTo(5);
    }
}
