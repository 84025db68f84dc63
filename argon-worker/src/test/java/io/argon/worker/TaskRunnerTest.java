package io.argon.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Json;
import io.argon.protocol.Message;
import io.argon.protocol.RawJson;
import io.argon.protocol.Result;
import io.argon.protocol.Submit;
import io.argon.task.Priority;
import io.argon.task.Task;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TaskRunnerTest {
    /** Set by {@link NotATask}'s static initialiser; it must stay false. */
    static final AtomicBoolean NOT_A_TASK_INITIALISED = new AtomicBoolean();

    private final TaskRunner runner = new TaskRunner(TaskRunnerTest.class.getClassLoader());

    // ---- tasks the tests submit ----

    /** A record task whose constructor checks its params. */
    record Wait(double seconds) implements Task<Double> {
        Wait {
            if (seconds < 0) {
                throw new IllegalArgumentException("seconds must be >= 0, got " + seconds);
            }
        }

        @Override
        public Double run() {
            return seconds;
        }
    }

    /** A record task. */
    record Add(int a, int b) implements Task<Integer> {
        @Override
        public Integer run() {
            return a + b;
        }
    }

    /** A record task that shows the values it was built with. */
    record Describe(String name, int count, List<String> tags) implements Task<String> {
        @Override
        public String run() {
            return name + "/" + count + "/" + tags;
        }
    }

    /** A class bound through a @JsonCreator constructor. */
    static final class Repeat implements Task<String> {
        private final String text;
        private final int times;

        @JsonCreator
        Repeat(@JsonProperty("text") String text, @JsonProperty("times") int times) {
            this.text = text;
            this.times = times;
        }

        @Override
        public String run() {
            return String.valueOf(text).repeat(times);
        }
    }

    /** A plain bean: no-argument constructor and setters. */
    public static final class Greeting implements Task<Greeting.Reply> {
        private String name = "world";
        private boolean shout;

        public void setName(String name) {
            this.name = name;
        }

        public void setShout(boolean shout) {
            this.shout = shout;
        }

        @Override
        public Reply run() {
            String text = "hello, " + name;
            return new Reply(shout ? text.toUpperCase(java.util.Locale.ROOT) : text, text.length());
        }

        public record Reply(String text, int length) {
        }
    }

    /** Not a task; initialising it flips a flag, and naming it must not. */
    static final class NotATask {
        static {
            NOT_A_TASK_INITIALISED.set(true);
        }
    }

    /** A task whose class cannot be initialised. */
    static final class BrokenStaticInit implements Task<String> {
        static final int VALUE = Integer.parseInt("not a number");

        @Override
        public String run() {
            return "unreachable " + VALUE;
        }
    }

    /** Implements Task but cannot be instantiated. */
    abstract static class AbstractTask implements Task<String> {
    }

    record Explode(String why) implements Task<Void> {
        @Override
        public Void run() {
            return detonateForTest(why);
        }

        private static Void detonateForTest(String why) {
            throw new IllegalStateException(why);
        }
    }

    record ExplodeWithoutMessage() implements Task<Void> {
        @Override
        public Void run() throws Exception {
            throw new java.io.IOException();
        }
    }

    record ReturnsNull() implements Task<Object> {
        @Override
        public Object run() {
            return null;
        }
    }

    /** Returns an object with no properties, which Jackson refuses to write. */
    record ReturnsOpaque() implements Task<Object> {
        @Override
        public Object run() {
            return new Object();
        }
    }

    /** Returns an object whose getter throws while it is written. */
    record ReturnsBrokenBean() implements Task<ReturnsBrokenBean.Broken> {
        @Override
        public Broken run() {
            return new Broken();
        }

        public static final class Broken {
            public int getValue() {
                throw new UnsupportedOperationException("no value today");
            }
        }
    }

    /** A small task submitted several times, so its reader is reused. */
    record Counter(int n) implements Task<Integer> {
        @Override
        public Integer run() {
            return n * 2;
        }
    }

    // ---- helpers ----

    private static ObjectNode params(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Message run(String id, Class<?> type, String paramsJson) {
        return run(id, type.getName(), paramsJson == null ? null : params(paramsJson));
    }

    private Message run(String id, String className, ObjectNode params) {
        return runner.run(new Submit(id, className, params == null ? null : RawJson.of(params), Priority.NORMAL, false));
    }

    private static JsonNode resultOf(Message message) {
        assertThat(message).isInstanceOf(Result.class);
        return ((Result) message).result().toTree();
    }

    private static Failure failureOf(Message message, ErrorKind kind) {
        assertThat(message).isInstanceOf(Failure.class);
        Failure failure = (Failure) message;
        assertThat(failure.kind()).as(failure.message()).isEqualTo(kind);
        return failure;
    }

    // ---- binding ----

    @Test
    void bindsARecordFromItsParams() {
        Message reply = run("r1", Add.class, "{\"a\":2,\"b\":40}");
        assertThat(reply.id()).isEqualTo("r1");
        assertThat(resultOf(reply)).isEqualTo(IntNode.valueOf(42));
    }

    @Test
    void bindsNestedAndListParams() {
        Message reply = run("r2", Describe.class, "{\"name\":\"x\",\"count\":3,\"tags\":[\"a\",\"b\"]}");
        assertThat(resultOf(reply)).isEqualTo(TextNode.valueOf("x/3/[a, b]"));
    }

    @Test
    void bindsAJsonCreatorConstructor() {
        Message reply = run("c1", Repeat.class, "{\"text\":\"ab\",\"times\":3}");
        assertThat(resultOf(reply)).isEqualTo(TextNode.valueOf("ababab"));
    }

    @Test
    void bindsAPlainBeanAndWritesARecordResult() {
        Message reply = run("b1", Greeting.class, "{\"name\":\"argon\",\"shout\":true}");
        assertThat(resultOf(reply)).isEqualTo(params("{\"text\":\"HELLO, ARGON\",\"length\":12}"));
    }

    @Test
    void aBeanKeepsItsDefaultsForParamsNotGiven() {
        assertThat(resultOf(run("b2", Greeting.class, "{}"))).isEqualTo(params("{\"text\":\"hello, world\",\"length\":12}"));
    }

    @Test
    void missingConstructorParamsAreBadParamsNotZerosWhileABeanKeepsItsDefaults() {
        String prefix = "cannot build " + Add.class.getName() + " from its params: ";
        assertThat(failureOf(run("n1", Add.class, null), ErrorKind.BAD_PARAMS).message())
                .isEqualTo(prefix + "param 'a' is missing (a constructor's params are required unless they are Optional)");
        assertThat(failureOf(run("n2", Add.class, "{\"a\":1}"), ErrorKind.BAD_PARAMS).message()).startsWith(prefix + "param 'b' is missing");
        assertThat(failureOf(run("n3", Repeat.class, "{\"times\":2}"), ErrorKind.BAD_PARAMS).message()).contains("param 'text' is missing");
        assertThat(failureOf(run("n4", Nested.class, "{\"inner\":{\"a\":1}}"), ErrorKind.BAD_PARAMS).message())
                .contains("param 'inner.b' is missing");
        assertThat(resultOf(run("n5", Greeting.class, null))).isEqualTo(params("{\"text\":\"hello, world\",\"length\":12}"));
        assertThat(resultOf(run("n6", Maybe.class, "{}"))).isEqualTo(TextNode.valueOf("none"));
    }

    /** A record inside a record's params. */
    record Nested(Add inner) implements Task<Integer> {
        @Override
        public Integer run() {
            return inner.run();
        }
    }

    /** An Optional param may be left out. */
    record Maybe(java.util.Optional<String> name) implements Task<String> {
        @Override
        public String run() {
            return name.orElse("none");
        }
    }

    @Test
    void theSameClassRunsAgainWithNewParams() {
        assertThat(resultOf(run("a", Counter.class, "{\"n\":1}"))).isEqualTo(IntNode.valueOf(2));
        assertThat(resultOf(run("b", Counter.class, "{\"n\":5}"))).isEqualTo(IntNode.valueOf(10));
        // A failure on a cached class stays a failure of that request only.
        failureOf(run("c", Counter.class, "{\"n\":\"many\"}"), ErrorKind.BAD_PARAMS);
        assertThat(resultOf(run("d", Counter.class, "{\"n\":7}"))).isEqualTo(IntNode.valueOf(14));
    }

    // ---- the class ----

    @Test
    void anUnknownClassIsClassNotFound() {
        Failure failure = failureOf(run("u1", "com.example.NoSuchTask", null), ErrorKind.CLASS_NOT_FOUND);
        assertThat(failure.id()).isEqualTo("u1");
        assertThat(failure.message()).contains("com.example.NoSuchTask");
    }

    @Test
    void aClassThatIsNotATaskIsNotATaskAndIsNotInitialised() {
        Failure failure = failureOf(run("x1", NotATask.class, "{}"), ErrorKind.NOT_A_TASK);
        assertThat(failure.id()).isEqualTo("x1");
        assertThat(failure.message()).contains(NotATask.class.getName()).contains(Task.class.getName());
        assertThat(NOT_A_TASK_INITIALISED).isFalse();

        // Asking again (nothing cached for a non-task) gives the same answer.
        failureOf(run("x2", NotATask.class, null), ErrorKind.NOT_A_TASK);
        assertThat(NOT_A_TASK_INITIALISED).isFalse();
    }

    @Test
    void aTaskThatCannotBeInstantiatedIsNotATask() {
        failureOf(run("x4", AbstractTask.class, null), ErrorKind.NOT_A_TASK);
        failureOf(run("x5", Task.class, null), ErrorKind.NOT_A_TASK);
    }

    @Test
    void aTaskThatCannotBeInstantiatedIsAnErrorNotACrash() {
        assertThat(run("x6", AbstractTask.class, null)).isInstanceOf(Failure.class);
        assertThat(run("x7", Task.class, null)).isInstanceOf(Failure.class);
    }

    @Test
    void aTaskWhoseStaticInitialiserThrowsIsAnErrorEveryTime() {
        Failure first = (Failure) run("i1", BrokenStaticInit.class, null);
        assertThat(first.id()).isEqualTo("i1");
        // Naming the class does not initialise it; building the task does, so it fails as bad params.
        assertThat(first.kind()).isEqualTo(ErrorKind.BAD_PARAMS);
        assertThat(first.stack()).contains("ExceptionInInitializerError");
        // The class is now unusable in this JVM; asking again is still answered, not thrown.
        Failure second = (Failure) run("i2", BrokenStaticInit.class, null);
        assertThat(second.id()).isEqualTo("i2");
        assertThat(second.kind()).isEqualTo(ErrorKind.BAD_PARAMS);
        assertThat(second.stack()).contains("NoClassDefFoundError");
        // And the runner goes on serving other tasks.
        assertThat(resultOf(run("i3", Add.class, "{\"a\":1,\"b\":1}"))).isEqualTo(IntNode.valueOf(2));
    }

    @Test
    void aJdkClassIsNotATask() {
        failureOf(run("x3", "java.lang.String", null), ErrorKind.NOT_A_TASK);
    }

    // ---- params that do not bind ----

    @Test
    void anUnknownParamIsBadParams() {
        Failure failure = failureOf(run("p1", Add.class, "{\"a\":1,\"b\":2,\"c\":3}"), ErrorKind.BAD_PARAMS);
        assertThat(failure.id()).isEqualTo("p1");
        assertThat(failure.message()).isEqualTo("cannot build " + Add.class.getName() + " from its params: "
                + "it has no param 'c' (it has: a, b)");
        assertThat(failure.exception()).as("the sentence says all there is: no Jackson class or stack").isNull();
        assertThat(failure.stack()).isNull();
    }

    @Test
    void aConstructorThatRefusesItsParamsGivesItsOwnExceptionAndWhereItWasThrown() {
        Failure failure = failureOf(run("p0", Wait.class, "{\"seconds\":-1}"), ErrorKind.BAD_PARAMS);
        assertThat(failure.message()).endsWith("from its params: seconds must be >= 0, got -1.0");
        assertThat(failure.exception()).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(failure.stack()).startsWith("java.lang.IllegalArgumentException").contains("TaskRunnerTest$Wait.<init>");
    }

    @Test
    void aParamOfTheWrongTypeIsBadParams() {
        Failure failure = failureOf(run("p2", Add.class, "{\"a\":\"one\",\"b\":2}"), ErrorKind.BAD_PARAMS);
        assertThat(failure.message()).isEqualTo("cannot build " + Add.class.getName() + " from its params: "
                + "param 'a' must be a whole number (int), got a string");
        failureOf(run("p3", Describe.class, "{\"tags\":{\"not\":\"a list\"}}"), ErrorKind.BAD_PARAMS);
        failureOf(run("p4", Repeat.class, "{\"times\":[3]}"), ErrorKind.BAD_PARAMS);
        failureOf(run("p5", Greeting.class, "{\"shout\":{}}"), ErrorKind.BAD_PARAMS);
    }

    @Test
    void paramsBindStrictlyWithoutConversionsAndSaySoInPlainWords() {
        String prefix = "cannot build " + Add.class.getName() + " from its params: ";
        assertThat(failureOf(run("s1", Add.class, "{\"a\":\"7\",\"b\":1}"), ErrorKind.BAD_PARAMS).message())
                .isEqualTo(prefix + "param 'a' must be a whole number (int), got a string");
        assertThat(failureOf(run("s2", Add.class, "{\"a\":1.5,\"b\":1}"), ErrorKind.BAD_PARAMS).message())
                .isEqualTo(prefix + "param 'a' must be a whole number (int), got a number with a fraction");
        assertThat(failureOf(run("s3", Add.class, "{\"a\":null,\"b\":1}"), ErrorKind.BAD_PARAMS).message())
                .isEqualTo(prefix + "param 'a' must be a whole number (int), got null");
        assertThat(failureOf(run("s4", Describe.class, "{\"name\":5,\"count\":1,\"tags\":[]}"), ErrorKind.BAD_PARAMS).message())
                .endsWith("param 'name' must be a string, got a whole number");
        assertThat(failureOf(run("s5", Describe.class, "{\"name\":\"n\",\"count\":true,\"tags\":[]}"), ErrorKind.BAD_PARAMS)
                .message()).endsWith("param 'count' must be a whole number (int), got a boolean");
        assertThat(failureOf(run("s6", Describe.class, "{\"name\":\"n\",\"count\":1,\"tags\":[1]}"), ErrorKind.BAD_PARAMS)
                .message()).endsWith("param 'tags[0]' must be a string, got a whole number");
        assertThat(failureOf(run("s7", Describe.class, "{\"name\":\"\",\"count\":\"\",\"tags\":[]}"), ErrorKind.BAD_PARAMS)
                .message()).endsWith("param 'count' must be a whole number (int), got a string");
        assertThat(resultOf(run("s8", Add.class, "{\"a\":1,\"b\":2}"))).isEqualTo(IntNode.valueOf(3));
    }

    @Test
    void aConstructorThatRefusesItsParamsIsBadParams() {
        Failure failure = failureOf(run("p6", Wait.class, "{\"seconds\":-1}"), ErrorKind.BAD_PARAMS);
        assertThat(failure.message()).endsWith("seconds must be >= 0, got -1.0");
    }

    // ---- run() ----

    @Test
    void aTaskThatThrowsIsTaskFailedWithTheRemoteException() {
        Failure failure = failureOf(run("t1", Explode.class, "{\"why\":\"kaboom\"}"), ErrorKind.TASK_FAILED);
        assertThat(failure.id()).isEqualTo("t1");
        assertThat(failure.message()).isEqualTo("kaboom");
        assertThat(failure.exception()).isEqualTo("java.lang.IllegalStateException");
        assertThat(failure.stack())
                .startsWith("java.lang.IllegalStateException: kaboom")
                .contains("detonateForTest")
                .contains(Explode.class.getName() + ".run");
    }

    @Test
    void aTaskThatThrowsWithoutAMessageIsNamedByItsExceptionClass() {
        Failure failure = failureOf(run("t2", ExplodeWithoutMessage.class, null), ErrorKind.TASK_FAILED);
        assertThat(failure.message()).isEqualTo("java.io.IOException");
        assertThat(failure.exception()).isEqualTo("java.io.IOException");
    }

    // ---- the result ----

    @Test
    void aNullResultIsJsonNull() {
        Message reply = run("z1", ReturnsNull.class, null);
        assertThat(resultOf(reply)).isEqualTo(NullNode.getInstance());
    }

    @Test
    void aResultJacksonCannotWriteIsBadResult() {
        Failure failure = failureOf(run("w1", ReturnsOpaque.class, null), ErrorKind.BAD_RESULT);
        assertThat(failure.id()).isEqualTo("w1");
        assertThat(failure.exception()).isEqualTo(com.fasterxml.jackson.databind.exc.InvalidDefinitionException.class.getName());
    }

    @Test
    void aResultWhoseGetterThrowsIsBadResult() {
        Failure failure = failureOf(run("w2", ReturnsBrokenBean.class, null), ErrorKind.BAD_RESULT);
        assertThat(failure.message()).contains("no value today");
    }
}
