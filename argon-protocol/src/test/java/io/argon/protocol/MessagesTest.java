package io.argon.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.task.Priority;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private static ObjectNode object(String json) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(json);
    }

    /** The message as a JSON tree, as WRITER puts it on the wire. */
    private static JsonNode written(Message message) throws Exception {
        return Json.MAPPER.readTree(Messages.encode(message));
    }

    private static Message read(String json) throws Exception {
        return Messages.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Message roundTrip(Message message) throws Exception {
        return Messages.decode(Messages.encode(message));
    }

    /** One of every kind, with every optional field set. */
    private static List<Message> everyKind() throws Exception {
        return List.of(
                new Submit("s1", "com.example.Job", RawJson.of(object("{\"n\":1,\"tags\":[\"a\"]}")), Priority.HIGH, true),
                new Result("r1", RawJson.of(object("{\"answer\":42}"))),
                new Failure("f1", ErrorKind.TASK_FAILED, "boom", "java.lang.IllegalStateException", "trace\n\tat x"),
                new Rejected("j1", "queue full"),
                new Ping("p1"),
                new Pong("p1"),
                new Register("g1", "10.0.0.5:8000", 4),
                new Registered("g1", 65536),
                new Hello("hello", 3, 12345L),
                new Status("st1"),
                new StatusReport("st1", RawJson.of(object("{\"role\":\"node\",\"workers\":4}"))),
                new Cancel("c1", true),
                new Leaving("l1"),
                new Leaving("l2", true),
                new Challenge("auth", new byte[] {1, 2, 3}),
                new Auth("auth", new byte[] {4, 5}, new byte[] {6, 7, 8}),
                new Authenticated("auth", new byte[] {9}),
                new Control("k1", Control.Action.RELOAD),
                new Control("k2", Control.Action.DRAIN, "10.0.0.5:8001"),
                new Done("k1", RawJson.of(object("{\"workers_replaced\":4}"))),
                new Tasks("t1", "42", "com.example.Job", "failed", 20, 0),
                new Tasks("t2", null, null, null, 0, 17),
                new TasksReport("t1", RawJson.of(object("{\"tasks\":[],\"kept\":0,\"max\":100000,\"dropped\":0}"))));
    }

    @Test
    void everyKindRoundTripsToAnEqualMessage() throws Exception {
        for (Message message : everyKind()) {
            assertThat(roundTrip(message)).as(Messages.typeOf(message)).isEqualTo(message);
        }
    }

    @Test
    void everyPermittedMessageClassHasAWireName() throws Exception {
        Set<Class<?>> covered = new HashSet<>();
        for (Message message : everyKind()) {
            covered.add(message.getClass());
        }
        assertThat(covered).containsExactlyInAnyOrder(Message.class.getPermittedSubclasses());
        Set<String> names = new HashSet<>();
        for (Message message : everyKind()) {
            names.add(Messages.typeOf(message));
        }
        assertThat(names).containsExactlyInAnyOrder(
                "submit", "result", "error", "rejected", "ping", "pong", "register", "registered", "hello",
                "status", "status_report", "cancel", "leaving", "challenge", "auth", "authenticated", "control", "done",
                "tasks", "tasks_report");
    }

    @Test
    void typeOfNamesEachKind() {
        assertThat(Messages.typeOf(new Submit("1", "C", null, null, false))).isEqualTo("submit");
        assertThat(Messages.typeOf(Failure.of("1", ErrorKind.INTERNAL, "x"))).isEqualTo("error");
        assertThat(Messages.typeOf(new Result("1", null))).isEqualTo("result");
        assertThat(Messages.typeOf(new Rejected("1", null))).isEqualTo("rejected");
        assertThat(Messages.typeOf(new Ping("1"))).isEqualTo("ping");
        assertThat(Messages.typeOf(new Pong("1"))).isEqualTo("pong");
        assertThat(Messages.typeOf(new Registered("1", 0))).isEqualTo("registered");
        assertThat(Messages.typeOf(new Cancel("1", false))).isEqualTo("cancel");
        assertThat(Messages.typeOf(new Leaving("1"))).isEqualTo("leaving");
        assertThat(Messages.typeOf(new Register("1", "h:1", 1))).isEqualTo("register");
        assertThat(Messages.typeOf(new Hello("1", 1, 1))).isEqualTo("hello");
        assertThat(Messages.typeOf(new Status("1"))).isEqualTo("status");
        assertThat(Messages.typeOf(new StatusReport("1", RawJson.EMPTY_OBJECT))).isEqualTo("status_report");
    }

    @Test
    void anAnswerCarriesHowLongItsTaskRanOnlyWhenItIsKnown() throws Exception {
        Result unknown = new Result("r", RawJson.NULL);
        assertThat(written(unknown).has("run_ns")).isFalse();
        Result timed = new Result("r", RawJson.NULL, 12_345);
        assertThat(written(timed).get("run_ns").asLong()).isEqualTo(12_345);
        assertThat(roundTrip(timed)).isEqualTo(timed);
        assertThat(timed.withId("r2").runNanos()).as("kept under another id").isEqualTo(12_345);
        Failure failed = Failure.of("f", ErrorKind.TASK_FAILED, "boom").withRunNanos(7);
        assertThat(written(failed).get("run_ns").asLong()).isEqualTo(7);
        assertThat(roundTrip(failed)).isEqualTo(failed);
        assertThat(roundTrip(unknown)).isEqualTo(unknown);
    }

    @Test
    void aSubmitCarriesItsTimeoutAndAttemptBoundOnlyWhenItHasThem() throws Exception {
        Submit plain = new Submit("s", "C", null, Priority.NORMAL, false);
        assertThat(written(plain).has("timeout_ms")).isFalse();
        assertThat(written(plain).has("max_attempts")).isFalse();
        Submit bounded = new Submit("s", "C", null, Priority.NORMAL, true, 1500, 2);
        assertThat(written(bounded).get("timeout_ms").asLong()).isEqualTo(1500);
        assertThat(written(bounded).get("max_attempts").asInt()).isEqualTo(2);
        assertThat(roundTrip(bounded)).isEqualTo(bounded);
    }

    @Test
    void aTimeoutOrAttemptBoundBelowOneIsABadRequestUnderTheRequestsId() {
        for (String field : new String[] {"\"timeout_ms\":0", "\"timeout_ms\":-5", "\"timeout_ms\":1.5", "\"timeout_ms\":\"9\"",
                "\"max_attempts\":0", "\"max_attempts\":99999999999"}) {
            String frame = "{\"type\":\"submit\",\"id\":\"s9\",\"class\":\"C\"," + field + "}";
            assertThatThrownBy(() -> Messages.decode(frame.getBytes(StandardCharsets.UTF_8))).as(field)
                    .isInstanceOfSatisfying(MalformedMessageException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
                        assertThat(e.requestId()).isEqualTo("s9");
                    });
        }
    }

    @Test
    void aStatusReportMustCarryAnObject() {
        assertThatThrownBy(() -> Messages.decode("{\"type\":\"status_report\",\"id\":\"s\",\"report\":[1]}"
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("'report' must be a JSON object, got an array");
        assertThatThrownBy(() -> Messages.decode("{\"type\":\"status_report\",\"id\":\"s\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void typeOfMatchesTheTypeFieldWritten() throws Exception {
        for (Message message : everyKind()) {
            assertThat(written(message).get("type").asText()).isEqualTo(Messages.typeOf(message));
        }
    }

    @Test
    void paramsAndResultsAreCopiedOutOfTheFrameAsTheyAre() throws Exception {
        String params = "{ \"num\" : 7,\n \"nested\": {\"list\": [1, 2, {\"x\": \"grüße\"}]} }";
        String frame = "{\"type\":\"submit\", \"params\": " + params + ", \"id\":\"p\", \"class\":\"C\"}";
        Submit submit = (Submit) Messages.decode(frame.getBytes(StandardCharsets.UTF_8));
        assertThat(submit.params().toString()).isEqualTo(params);
        assertThat(submit.params().toTree()).isEqualTo(Json.MAPPER.readTree(params));

        String result = "[ {\"a\": 1}, \"two\" ]";
        Result decoded = (Result) Messages.decode(("{\"type\":\"result\",\"id\":\"r\",\"result\":" + result + "}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(decoded.result().toString()).isEqualTo(result);
        // Scalars too, escapes and all, whatever follows them.
        for (String value : new String[] {"\"x\"", "\"a \\\"quoted\\\" \\u00e9 word\"", "42", "-1.5e3", "true", "false", "12345678901234567890"}) {
            for (String after : new String[] {"}", " }", ",\"more\":1}", "\n}"}) {
                Result scalar = (Result) Messages.decode(("{\"type\":\"result\",\"id\":\"r\",\"result\": " + value + after)
                        .getBytes(StandardCharsets.UTF_8));
                assertThat(scalar.result().toString()).as(value + after).isEqualTo(value);
            }
        }
    }

    @Test
    void paramsThatAreNotAnObjectAreABadRequest() {
        assertThatThrownBy(() -> Messages.decode("{\"type\":\"submit\",\"id\":\"1\",\"class\":\"C\",\"params\":[1]}"
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("must be a JSON object");
    }

    // ---- JSON shapes ----

    @Test
    void submitWithDefaultsWritesNormalPriorityAndOmitsParamsAndIdempotent() throws Exception {
        Submit submit = new Submit("7", "io.argon.examples.SampleTask", null, null, false);
        assertThat(written(submit)).isEqualTo(
                object("{\"type\":\"submit\",\"id\":\"7\",\"class\":\"io.argon.examples.SampleTask\",\"priority\":\"normal\"}"));
    }

    @Test
    void submitWithEverythingWritesEveryField() throws Exception {
        Submit submit = new Submit("8", "C", RawJson.of(object("{\"num\":42,\"delay\":0.5}")), Priority.MIN, true);
        assertThat(written(submit)).isEqualTo(object(
                "{\"type\":\"submit\",\"id\":\"8\",\"class\":\"C\",\"params\":{\"num\":42,\"delay\":0.5},"
                        + "\"priority\":\"min\",\"idempotent\":true}"));
    }

    @Test
    void submitReadsWithDefaults() throws Exception {
        Message message = read("{\"type\":\"submit\",\"id\":\"1\",\"class\":\"C\"}");
        assertThat(message).isEqualTo(new Submit("1", "C", null, Priority.NORMAL, false));
        assertThat(((Submit) message).priority()).isEqualTo(Priority.NORMAL);
    }

    @Test
    void submitReadsEveryPriorityByItsWireName() throws Exception {
        for (Priority priority : Priority.values()) {
            String wire = priority.name().toLowerCase(java.util.Locale.ROOT);
            Submit submit = (Submit) read("{\"type\":\"submit\",\"id\":\"1\",\"class\":\"C\",\"priority\":\"" + wire + "\"}");
            assertThat(submit.priority()).isEqualTo(priority);
            assertThat(written(submit).get("priority").asText()).isEqualTo(wire);
        }
        Submit nullPriority = (Submit) read("{\"type\":\"submit\",\"id\":\"1\",\"class\":\"C\",\"priority\":null}");
        assertThat(nullPriority.priority()).isEqualTo(Priority.NORMAL);
    }

    @Test
    void submitWithAnUnknownPriorityIsRejected() {
        assertThatThrownBy(() -> read("{\"type\":\"submit\",\"id\":\"1\",\"class\":\"C\",\"priority\":\"urgent\"}"))
                .isInstanceOf(JacksonException.class)
                .hasStackTraceContaining("unknown priority 'urgent'");
    }

    @Test
    void submitParamsMustBeAnObject() {
        assertThatThrownBy(() -> read("{\"type\":\"submit\",\"id\":\"1\",\"class\":\"C\",\"params\":[1,2]}"))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void submitWithIdOnlyKeepsTheRest() {
        Submit submit = new Submit("a", "C", null, Priority.LOW, true);
        assertThat(submit.withId("b")).isEqualTo(new Submit("b", "C", null, Priority.LOW, true));
    }

    @Test
    void failureIsWrittenAsErrorWithASnakeCaseKind() throws Exception {
        Failure failure = Failure.of("9", ErrorKind.TASK_FAILED, "boom");
        assertThat(written(failure)).isEqualTo(
                object("{\"type\":\"error\",\"id\":\"9\",\"kind\":\"task_failed\",\"message\":\"boom\"}"));
    }

    @Test
    void failureWithAnExceptionWritesItsClassAndStack() throws Exception {
        Failure failure = Failure.of("9", ErrorKind.TASK_FAILED, new IllegalStateException("bad state"));
        JsonNode json = written(failure);
        assertThat(json.get("type").asText()).isEqualTo("error");
        assertThat(json.get("kind").asText()).isEqualTo("task_failed");
        assertThat(json.get("message").asText()).isEqualTo("bad state");
        assertThat(json.get("exception").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(json.get("stack").asText())
                .startsWith("java.lang.IllegalStateException: bad state")
                .contains("failureWithAnExceptionWritesItsClassAndStack");
    }

    @Test
    void failureWithoutAMessageUsesTheExceptionClassName() {
        Failure failure = Failure.of("9", ErrorKind.TASK_FAILED, new NullPointerException());
        assertThat(failure.message()).isEqualTo("java.lang.NullPointerException");
    }

    @Test
    void failureDefaultsKindAndMessage() {
        Failure failure = new Failure("1", null, null, null, null);
        assertThat(failure.kind()).isEqualTo(ErrorKind.INTERNAL);
        assertThat(failure.message()).isEqualTo("internal");
        assertThat(Failure.of("1", ErrorKind.BAD_PARAMS, (String) null).message()).isEqualTo("bad_params");
    }

    @Test
    void failureWithoutAnIdOmitsIt() throws Exception {
        Failure failure = Failure.of(null, ErrorKind.BAD_FRAME, "not JSON");
        assertThat(written(failure)).isEqualTo(
                object("{\"type\":\"error\",\"kind\":\"bad_frame\",\"message\":\"not JSON\"}"));
        assertThat(roundTrip(failure)).isEqualTo(failure);
    }

    @Test
    void everyErrorKindHasASnakeCaseWireNameAndRoundTrips() throws Exception {
        for (ErrorKind kind : ErrorKind.values()) {
            assertThat(kind.wireName()).matches("[a-z]+(_[a-z]+)*").isEqualTo(kind.name().toLowerCase(java.util.Locale.ROOT));
            Failure failure = Failure.of("1", kind, "m");
            assertThat(written(failure).get("kind").asText()).isEqualTo(kind.wireName());
            assertThat(((Failure) roundTrip(failure)).kind()).isEqualTo(kind);
        }
    }

    @Test
    void theErrorKindsAreTheDocumentedOnes() {
        assertThat(Arrays.stream(ErrorKind.values()).map(ErrorKind::wireName)).containsExactly(
                "bad_frame", "frame_too_large", "unknown_message", "bad_request", "class_not_found", "not_a_task",
                "bad_params", "task_failed", "bad_result", "worker_died", "node_lost", "no_nodes", "shutting_down",
                "timeout", "cancelled", "no_workers", "unauthorized", "control_failed",
                "internal");
    }

    @Test
    void anUnknownErrorKindReadsAsInternal() throws Exception {
        Failure failure = (Failure) read("{\"type\":\"error\",\"id\":\"1\",\"kind\":\"from_the_future\",\"message\":\"m\"}");
        assertThat(failure.kind()).isEqualTo(ErrorKind.INTERNAL);
        assertThat(failure.message()).isEqualTo("m");
    }

    @Test
    void resultWithANullResultWritesResultNull() throws Exception {
        Result result = new Result("3", null);
        assertThat(result.result().toTree()).isEqualTo(NullNode.getInstance());
        JsonNode json = written(result);
        assertThat(json.has("result")).isTrue();
        assertThat(json).isEqualTo(object("{\"type\":\"result\",\"id\":\"3\",\"result\":null}"));
        assertThat(new String(Messages.encode(result), StandardCharsets.UTF_8)).contains("\"result\":null");
    }

    @Test
    void resultReadsNullOrMissingAsJsonNull() throws Exception {
        assertThat(((Result) read("{\"type\":\"result\",\"id\":\"3\",\"result\":null}")).result().toTree())
                .isEqualTo(NullNode.getInstance());
        assertThat(((Result) read("{\"type\":\"result\",\"id\":\"3\"}")).result().toTree())
                .isEqualTo(NullNode.getInstance());
    }

    @Test
    void resultCarriesAnyJsonValue() throws Exception {
        assertThat(written(new Result("4", RawJson.of(IntNode.valueOf(42)))))
                .isEqualTo(object("{\"type\":\"result\",\"id\":\"4\",\"result\":42}"));
        Result array = (Result) read("{\"type\":\"result\",\"id\":\"4\",\"result\":[1,\"two\",{\"three\":3}]}");
        assertThat(array.result().toTree()).isEqualTo(Json.MAPPER.readTree("[1,\"two\",{\"three\":3}]"));
        assertThat(new Result("4", RawJson.of(IntNode.valueOf(1))).withId("5")).isEqualTo(new Result("5", RawJson.of(IntNode.valueOf(1))));
    }

    @Test
    void rejectedShape() throws Exception {
        assertThat(written(new Rejected("5", "queue full (64 tasks waiting)")))
                .isEqualTo(object("{\"type\":\"rejected\",\"id\":\"5\",\"reason\":\"queue full (64 tasks waiting)\"}"));
    }

    @Test
    void pingPongShapes() throws Exception {
        assertThat(written(new Ping("1"))).isEqualTo(object("{\"type\":\"ping\",\"id\":\"1\"}"));
        assertThat(written(new Pong("1"))).isEqualTo(object("{\"type\":\"pong\",\"id\":\"1\"}"));
    }

    @Test
    void noMessageWritesAReplyField() throws Exception {
        for (Message message : everyKind()) {
            JsonNode json = Json.MAPPER.readTree(Messages.encode(message));
            assertThat(json.has("reply")).as(Messages.typeOf(message)).isFalse();
        }
        // The exact bytes used as the example in docs/PROTOCOL.md.
        assertThat(new String(Messages.encode(new Ping("1")), StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"ping\",\"id\":\"1\"}");
    }

    @Test
    void aReplyFieldSentByAPeerIsIgnored() throws Exception {
        assertThat(read("{\"type\":\"ping\",\"id\":\"1\",\"reply\":true}")).isEqualTo(new Ping("1"));
    }

    @Test
    void registerRegisteredAndHelloShapes() throws Exception {
        assertThat(written(new Register("r", "10.0.0.5:8000", 4))).isEqualTo(
                object("{\"type\":\"register\",\"id\":\"r\",\"address\":\"10.0.0.5:8000\",\"workers\":4}"));
        assertThat(written(new Registered("r", 0))).isEqualTo(object("{\"type\":\"registered\",\"id\":\"r\"}"));
        assertThat(written(new Cancel("c", false))).isEqualTo(object("{\"type\":\"cancel\",\"id\":\"c\"}"));
        assertThat(written(new Hello("hello", 2, 4242L))).isEqualTo(
                object("{\"type\":\"hello\",\"id\":\"hello\",\"worker\":2,\"pid\":4242}"));
    }

    @Test
    void controlAndDoneShapes() throws Exception {
        assertThat(written(new Control("k", Control.Action.UNDRAIN))).isEqualTo(
                object("{\"type\":\"control\",\"id\":\"k\",\"action\":\"undrain\"}"));
        assertThat(Messages.decode("{\"type\":\"control\",\"id\":\"k\",\"action\":\"drain\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new Control("k", Control.Action.DRAIN));
    }

    @Test
    void aControlWithoutAKnownActionIsABadRequestUnderItsId() {
        for (String frame : List.of("{\"type\":\"control\",\"id\":\"k\"}", "{\"type\":\"control\",\"id\":\"k\",\"action\":\"reboot\"}",
                "{\"type\":\"control\",\"id\":\"k\",\"action\":1}")) {
            assertThatThrownBy(() -> Messages.decode(frame.getBytes(StandardCharsets.UTF_8))).as(frame)
                    .isInstanceOfSatisfying(MalformedMessageException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
                        assertThat(e.requestId()).isEqualTo("k");
                    })
                    .hasMessageContaining("action");
        }
    }

    // ---- leniency and validation ----

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        assertThat(read("{\"type\":\"ping\",\"id\":\"1\",\"trace\":{\"span\":7},\"extra\":[1]}"))
                .isEqualTo(new Ping("1"));
        assertThat(read("{\"type\":\"submit\",\"id\":\"1\",\"class\":\"C\",\"deadline\":123}"))
                .isEqualTo(new Submit("1", "C", null, Priority.NORMAL, false));
    }

    @Test
    void theTypeMayComeAfterOtherFields() throws Exception {
        assertThat(read("{\"id\":\"1\",\"type\":\"pong\"}")).isEqualTo(new Pong("1"));
    }

    @Test
    void aTypeThatIsMissingNotAStringOrUnknownIsAnUnknownMessageUnderTheRequestsId() {
        for (String type : new String[] {"", "\"type\":17,", "\"type\":null,", "\"type\":[\"ping\"],", "\"type\":\"pingg\","}) {
            assertThatThrownBy(() -> read("{" + type + "\"id\":\"r1\"}")).as(type)
                    .isInstanceOfSatisfying(MalformedMessageException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN_MESSAGE);
                        assertThat(e.requestId()).isEqualTo("r1");
                    });
        }
    }

    @Test
    void anIdThatIsNotAStringIsABadRequestThatCarriesNoId() {
        for (String id : new String[] {"17", "true", "[\"a\"]", "{\"id\":\"b\"}"}) {
            assertThatThrownBy(() -> read("{\"type\":\"ping\",\"id\":" + id + "}")).as(id)
                    .isInstanceOfSatisfying(MalformedMessageException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
                        assertThat(e.requestId()).isNull();
                        assertThat(e.getOriginalMessage()).contains("'id' must be a string");
                    });
        }
    }

    @Test
    void missingIdIsRejected() {
        assertThatThrownBy(() -> read("{\"type\":\"ping\"}"))
                .isInstanceOf(JacksonException.class)
                .hasStackTraceContaining("message needs an 'id'");
        assertThatThrownBy(() -> read("{\"type\":\"submit\",\"class\":\"C\"}"))
                .isInstanceOf(JacksonException.class)
                .hasStackTraceContaining("message needs an 'id'");
        assertThatThrownBy(() -> read("{\"type\":\"result\",\"id\":\"\",\"result\":1}"))
                .isInstanceOf(JacksonException.class)
                .hasStackTraceContaining("message needs an 'id'");
    }

    @Test
    void missingOrBlankClassIsRejected() {
        assertThatThrownBy(() -> read("{\"type\":\"submit\",\"id\":\"1\"}"))
                .isInstanceOf(JacksonException.class)
                .hasStackTraceContaining("submit needs a 'class'");
        assertThatThrownBy(() -> read("{\"type\":\"submit\",\"id\":\"1\",\"class\":\"  \"}"))
                .isInstanceOf(JacksonException.class)
                .hasStackTraceContaining("submit needs a 'class'");
        assertThatThrownBy(() -> new Submit("1", null, null, null, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idsAreLimitedTo256Characters() throws Exception {
        String longest = "x".repeat(Messages.MAX_ID_LENGTH);
        assertThat(Messages.MAX_ID_LENGTH).isEqualTo(256);
        assertThat(read("{\"type\":\"ping\",\"id\":\"" + longest + "\"}")).isEqualTo(new Ping(longest));
        assertThatThrownBy(() -> new Ping(longest + "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256");
        assertThatThrownBy(() -> read("{\"type\":\"ping\",\"id\":\"" + longest + "x\"}"))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void registerIsValidated() {
        assertThatThrownBy(() -> new Register("1", " ", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Register("1", "h:1", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> read("{\"type\":\"register\",\"id\":\"1\",\"address\":\"h:1\"}"))
                .isInstanceOf(JacksonException.class)
                .hasStackTraceContaining("workers");
    }

    @Test
    void anUnknownTypeIsRejected() {
        assertThatThrownBy(() -> read("{\"type\":\"launch\",\"id\":\"1\"}")).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> read("{\"id\":\"1\"}")).isInstanceOf(JacksonException.class);
    }

    @Test
    void theMapperIsLenientOnlyWhereDocumented() {
        assertThat(Messages.DEFAULT_MAX_FRAME_BYTES).isEqualTo(16 * 1024 * 1024);
        // A reader that is strict about unknown fields would break older peers talking to newer ones.
        assertThat(Json.MAPPER.getDeserializationConfig()
                .isEnabled(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)).isFalse();
    }
}
