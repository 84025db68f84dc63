package io.argon.cluster;

import static io.argon.cluster.TestManager.answer;
import static io.argon.cluster.TestManager.answerPings;
import static io.argon.cluster.TestManager.received;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.core.net.TestLoop;
import io.argon.protocol.Cancel;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Leaving;
import io.argon.protocol.Message;
import io.argon.protocol.Ping;
import io.argon.protocol.Pong;
import io.argon.protocol.RawJson;
import io.argon.protocol.Rejected;
import io.argon.protocol.Result;
import io.argon.protocol.Status;
import io.argon.protocol.StatusReport;
import io.argon.protocol.Submit;
import io.argon.task.Priority;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A manager's scheduling, driven by hand: nodes and clients are embedded connections that go
 * through the manager's own handlers, nodes answer when the test says so, and the clock moves
 * only when the test moves it. Heartbeats are sent when the test calls for them, as the
 * manager's timer would every interval.
 */
class ManagerDispatcherTest {
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);

    private final TestLoop test = new TestLoop();
    private TestManager manager;
    private EmbeddedChannel client;

    @AfterEach
    void close() {
        test.close();
    }

    private void startManager(int queueLimit) {
        startManager(queueLimit, Duration.ZERO);
    }

    private void startManager(int queueLimit, Duration startGrace) {
        manager = new TestManager(test, ManagerConfig.builder().queueLimit(queueLimit).heartbeatInterval(HEARTBEAT)
                .startGrace(startGrace));
        client = manager.connect();
    }

    /** A node connects and registers; returns its connection. */
    private EmbeddedChannel node(String address, int workers) {
        return manager.node(address, workers);
    }

    private void submit(String id) {
        submit(client, new Submit(id, "io.argon.examples.SampleTask", RawJson.EMPTY_OBJECT, Priority.NORMAL, false));
    }

    private void submit(EmbeddedChannel from, Submit request) {
        from.writeInbound(request);
    }

    private static Submit task(String id, Priority priority, boolean idempotent) {
        return new Submit(id, "io.argon.examples.SampleTask", RawJson.EMPTY_OBJECT, priority, idempotent);
    }

    /** The client ids of the tasks the node was sent. */
    private static List<String> ids(List<Submit> tasks) {
        List<String> ids = new ArrayList<>();
        tasks.forEach(task -> ids.add(task.id()));
        return ids;
    }

    private List<Message> answersToClient() {
        List<Message> answers = new ArrayList<>();
        Message message;
        while ((message = client.readOutbound()) != null) {
            answers.add(message);
        }
        return answers;
    }

    private Failure onlyFailureToClient() {
        List<Message> answers = answersToClient();
        assertThat(answers).hasSize(1).first().isInstanceOf(Failure.class);
        return (Failure) answers.get(0);
    }

    // ---- who is a node ----

    @Test
    void aConnectionBecomesANodeLinkWhenItRegisters() {
        startManager(16);
        EmbeddedChannel node = node("10.0.0.1:8001", 2);
        assertThat(node.pipeline().get(ManagerRequestHandler.class)).isNull();
        assertThat(node.pipeline().get("node")).isInstanceOf(NodeLinkHandler.class);

        // A node does not submit: what a client may send is refused on a node's link.
        node.writeInbound(task("x", Priority.NORMAL, false));
        assertThat((Message) node.readOutbound()).isInstanceOf(Failure.class)
                .extracting(m -> ((Failure) m).kind()).isEqualTo(ErrorKind.UNKNOWN_MESSAGE);
        // And a client that answers as a node would is refused too.
        client.writeInbound(new Result("1", RawJson.NULL));
        assertThat(onlyFailureToClient().kind()).isEqualTo(ErrorKind.UNKNOWN_MESSAGE);
    }

    @Test
    void tasksAreRelayedUnderTheManagersIdsAndAnsweredUnderTheClients() {
        startManager(16);
        EmbeddedChannel node = node("10.0.0.1:8001", 4);
        EmbeddedChannel other = manager.connect();
        submit("1");
        submit(other, task("1", Priority.NORMAL, false)); // the same id from another client

        List<Submit> sent = received(node);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).id()).isNotEqualTo(sent.get(1).id());
        answer(node, sent.get(1));
        answer(node, sent.get(0));
        assertThat(answersToClient()).containsExactly(new Result("1", RawJson.parse("7")));
        assertThat((Message) other.readOutbound()).isEqualTo(new Result("1", RawJson.parse("7")));
    }

    // ---- routing ----

    @Test
    void eachTaskGoesToTheNodeExpectedToFinishItFirstAmongThoseWithRoom() {
        startManager(16);
        EmbeddedChannel fast = node("10.0.0.1:8001", 2);
        EmbeddedChannel slow = node("10.0.0.2:8001", 2);

        // Fresh nodes share the first tasks; their answers give them a history.
        submit("a");
        submit("b");
        Submit onFast = received(fast).get(0);
        Submit onSlow = received(slow).get(0);
        test.advanceMillis(1);
        answer(fast, onFast);
        test.advanceMillis(9);
        answer(slow, onSlow);

        // Now 1 ms x (0 + 1) and 1 ms x (1 + 1) both beat 10 ms x 1; the fast node's window
        // of 2 is then full, so the third goes to the slow node.
        submit("c");
        submit("d");
        submit("e");
        assertThat(ids(received(fast))).hasSize(2);
        assertThat(ids(received(slow))).hasSize(1);
    }

    @Test
    void whenEveryNodeIsFullTasksWaitAndLeaveMostUrgentFirstAsRoomOpens() {
        startManager(16);
        EmbeddedChannel node = node("10.0.0.1:8001", 1);
        submit("running");
        submit(client, task("low", Priority.LOW, false));
        submit(client, task("high", Priority.HIGH, false));
        submit(client, task("normal", Priority.NORMAL, false));

        List<String> order = new ArrayList<>();
        List<Submit> sent = received(node);
        while (!sent.isEmpty()) {
            assertThat(sent).hasSize(1);
            answer(node, sent.get(0));
            order.add(((Result) answersToClient().get(0)).id());
            sent = received(node);
        }
        assertThat(order).containsExactly("running", "high", "normal", "low");
    }

    @Test
    void aFullQueueRejectsAtOnceAndNoNodesIsSaidPlainly() {
        startManager(1);
        submit("alone");
        Failure none = onlyFailureToClient();
        assertThat(none.kind()).isEqualTo(ErrorKind.NO_NODES);

        node("10.0.0.1:8001", 1);
        submit("runs");
        submit("waits");
        submit("over");
        assertThat(answersToClient()).containsExactly(new Rejected("over", "queue full (1 tasks waiting for a node)"));
    }

    @Test
    void forTasksMuchShorterThanTheRoundTripANodeHoldsUpToFourTimesItsWorkers() {
        startManager(64);
        EmbeddedChannel node = node("10.0.0.1:8001", 2);
        // Two heartbeats answered after 1 ms: the first is dropped as cold, the second counts.
        for (int i = 0; i < 2; i++) {
            test.advance(HEARTBEAT);
            manager.registry.heartbeat();
            Ping ping = node.readOutbound();
            test.advanceMillis(1);
            node.writeInbound(new Pong(ping.id()));
        }
        // Ten tasks that each take 1.1 ms as the manager sees it: 0.1 ms of work, 1 ms of network.
        for (int i = 0; i < NodeTracker.HISTORY; i++) {
            submit("warm" + i);
            Submit sent = received(node).get(0);
            test.advance(Duration.ofNanos(1_100_000));
            answer(node, sent);
        }
        answersToClient();

        for (int i = 0; i < 20; i++) {
            submit("t" + i);
        }
        assertThat(received(node)).hasSize(2 * NodeTracker.MAX_PREFETCH);
    }

    @Test
    void forTasksLongerThanTheRoundTripANodeHoldsNoMoreThanItsWorkers() {
        startManager(64);
        EmbeddedChannel busy = node("10.0.0.1:8001", 2);
        for (int i = 0; i < NodeTracker.HISTORY; i++) {
            submit("warm" + i);
            Submit sent = received(busy).get(0);
            test.advanceMillis(100);
            answer(busy, sent);
        }
        for (int i = 0; i < 5; i++) {
            submit("t" + i);
        }
        assertThat(received(busy)).hasSize(2);
    }

    // ---- losing nodes ----

    @Test
    void aLostNodesTasksAreAnsweredNodeLostUnlessTheyAreSafeToRetry() {
        startManager(16);
        EmbeddedChannel doomed = node("10.0.0.1:8001", 2);
        submit(client, task("once", Priority.NORMAL, false));
        submit(client, task("again", Priority.NORMAL, true));
        assertThat(received(doomed)).hasSize(2);
        EmbeddedChannel survivor = node("10.0.0.2:8001", 2);

        doomed.close();
        Failure lost = onlyFailureToClient();
        assertThat(lost.id()).isEqualTo("once");
        assertThat(lost.kind()).isEqualTo(ErrorKind.NODE_LOST);
        assertThat(lost.message()).contains("lost node 10.0.0.1:8001 while it ran the task (its connection closed)")
                .contains("may or may not have run");

        List<Submit> resent = received(survivor);
        assertThat(resent).hasSize(1);
        answer(survivor, resent.get(0));
        assertThat(answersToClient()).containsExactly(new Result("again", RawJson.parse("7")));
    }

    @Test
    void whenTheLastNodeLeavesQueuedTasksAreAnsweredNoNodes() {
        startManager(16);
        EmbeddedChannel only = node("10.0.0.1:8001", 1);
        submit(client, task("running", Priority.NORMAL, true));
        submit("queued");
        only.close();
        List<Message> answers = answersToClient();
        assertThat(answers).hasSize(2).allSatisfy(m -> assertThat(((Failure) m).kind()).isEqualTo(ErrorKind.NO_NODES));
    }

    @Test
    void aNodeSilentForThreeHeartbeatsIsDroppedAndOneThatAnswersIsKept() {
        startManager(16);
        EmbeddedChannel silent = node("10.0.0.1:8001", 1);
        EmbeddedChannel alive = node("10.0.0.2:8001", 1);
        submit("on silent");
        for (int beat = 1; beat <= 3; beat++) {
            test.advance(HEARTBEAT);
            manager.registry.heartbeat();
            answerPings(alive);
            assertThat(silent.isOpen()).as("still there after %d silent heartbeats", beat).isTrue();
        }
        test.advance(HEARTBEAT);
        manager.registry.heartbeat();
        assertThat(silent.isOpen()).isFalse();
        assertThat(alive.isOpen()).isTrue();
        Failure lost = onlyFailureToClient();
        assertThat(lost.kind()).isEqualTo(ErrorKind.NODE_LOST);
        assertThat(lost.message()).contains("no answer to 3 heartbeats");
    }

    @Test
    void aNewRegistrationUnderTheSameAddressReplacesTheOldOne() {
        startManager(16);
        EmbeddedChannel first = node("10.0.0.1:8001", 1);
        submit("on first");
        EmbeddedChannel second = node("10.0.0.1:8001", 1);
        assertThat(first.isOpen()).isFalse();
        assertThat(onlyFailureToClient().message()).contains("a new registration replaced it");
        submit("on second");
        assertThat(received(second)).hasSize(1);
        assertThat(status().get("nodes")).hasSize(1);
    }

    // ---- nodes that push back ----

    @Test
    void aNodeThatRejectsATaskIsFullUntilItAnswersOneAndTheTaskGoesElsewhere() {
        startManager(16);
        EmbeddedChannel full = node("10.0.0.1:8001", 2);
        submit("t");
        submit("u");
        List<Submit> sent = received(full);
        EmbeddedChannel free = node("10.0.0.2:8001", 2);
        full.writeInbound(new Rejected(sent.get(0).id(), "queue full"));
        assertThat(received(free)).as("the rejected task goes elsewhere").hasSize(1);

        submit("v");
        submit("w");
        test.advance(Duration.ofSeconds(10));
        assertThat(received(full)).as("full, however long, while it answers nothing").isEmpty();
        answer(full, sent.get(1));
        assertThat(received(full)).as("its answer shows it has room again: the waiting task goes to it")
                .extracting(Submit::className).hasSize(1);
    }

    @Test
    void aTaskANodeTurnsAwayWhileDrainingRunsElsewhereAndThatNodeGetsNoMore() {
        startManager(16);
        EmbeddedChannel leaving = node("10.0.0.1:8001", 2);
        submit("t");
        Submit sent = received(leaving).get(0);
        EmbeddedChannel staying = node("10.0.0.2:8001", 2);
        leaving.writeInbound(Failure.of(sent.id(), ErrorKind.SHUTTING_DOWN, "the node is shutting down"));
        assertThat(received(staying)).hasSize(1);
        submit("u");
        submit("v");
        assertThat(received(leaving)).isEmpty();
        assertThat(received(staying)).hasSize(1);
        assertThat(answersToClient()).isEmpty();
    }

    // ---- draining ----

    @Test
    void drainingRefusesNewTasksWaitsForTheHeldOnesAndThenAnswersTheRest() {
        startManager(16);
        EmbeddedChannel node = node("10.0.0.1:8001", 1);
        submit("running");
        submit("queued");
        CompletableFuture<Void> drained = manager.dispatcher.drain();
        submit("late");
        assertThat(onlyFailureToClient().kind()).isEqualTo(ErrorKind.SHUTTING_DOWN);
        assertThat(drained).isNotDone();

        manager.dispatcher.abandon(); // the grace period ran out
        List<Message> answers = answersToClient();
        assertThat(answers).extracting(m -> ((Failure) m).id() + " " + ((Failure) m).kind())
                .containsExactlyInAnyOrder("queued SHUTTING_DOWN", "running NODE_LOST");
        assertThat(node.isOpen()).isTrue();
    }

    @Test
    void drainingCompletesOnceEveryTaskHeldIsAnswered() {
        startManager(16);
        EmbeddedChannel node = node("10.0.0.1:8001", 1);
        submit("a");
        submit("b");
        CompletableFuture<Void> drained = manager.dispatcher.drain();
        answer(node, received(node).get(0));
        assertThat(drained).isNotDone();
        answer(node, received(node).get(0));
        assertThat(drained).isCompleted();
    }

    // ---- status ----

    private JsonNode status() {
        return manager.status();
    }

    @Test
    void theStatusReportListsEveryNodeAndWhatItHolds() {
        startManager(16);
        node("10.0.0.1:8001", 2);
        node("10.0.0.2:8001", 3);
        submit("a");
        JsonNode status = status();
        assertThat(status.get("role").asText()).isEqualTo("manager");
        assertThat(status.get("nodes")).hasSize(2);
        assertThat(status.get("nodes").get(0).get("address").asText()).isEqualTo("10.0.0.1:8001");
        assertThat(status.get("nodes").get(1).get("workers").asInt()).isEqualTo(3);
        int inFlight = status.get("nodes").get(0).get("in_flight").asInt() + status.get("nodes").get(1).get("in_flight").asInt();
        assertThat(inFlight).isEqualTo(1);
    }

    @Test
    void theStatusReportHasEachNodesTimesAndWhatBecameOfEveryTask() {
        startManager(1);
        EmbeddedChannel node = node("10.0.0.1:8001", 1);
        submit("a");
        Submit routed = received(node).get(0);
        test.advanceMillis(40);
        answer(node, routed);
        submit("b");
        submit("c");
        submit("d");
        test.advanceMillis(5);
        assertThat(answersToClient()).hasSize(2).last().isInstanceOf(Rejected.class);
        JsonNode status = status();
        assertThat(status.get("queued").asInt()).isEqualTo(1);
        assertThat(status.get("queued_by_priority").get("normal").asInt()).isEqualTo(1);
        assertThat(status.get("queue_limit").asInt()).isEqualTo(1);
        JsonNode entry = status.get("nodes").get(0);
        assertThat(entry.get("tasks_done").asLong()).isEqualTo(1);
        assertThat(entry.get("average_task_ms").asDouble()).isEqualTo(40.0);
        assertThat(entry.get("last_seen_ms_ago").asLong()).isEqualTo(5);
        assertThat(status.get("tasks").get("result").asLong()).isEqualTo(1);
        assertThat(status.get("tasks").get("rejected").asLong()).isEqualTo(1);
    }

    // ---- deadlines ----

    private static Submit timed(String id, long timeoutMillis) {
        return new Submit(id, "io.argon.examples.SampleTask", RawJson.EMPTY_OBJECT, Priority.NORMAL, false, timeoutMillis, 0);
    }

    /** Everything the manager sent the node since last asked, heartbeats skipped. */
    private static List<Message> sentTo(EmbeddedChannel node) {
        List<Message> messages = new ArrayList<>();
        Object message;
        while ((message = node.readOutbound()) != null) {
            if (!(message instanceof Ping)) {
                messages.add((Message) message);
            }
        }
        return messages;
    }

    @Test
    void aTaskStillQueuedAtItsDeadlineIsAnsweredTimeoutAndNeverSent() {
        startManager(16);
        EmbeddedChannel node = node("10.0.0.1:8001", 1);
        submit("busy");
        submit(client, timed("hurried", 300));
        test.advanceMillis(300);
        Failure timeout = onlyFailureToClient();
        assertThat(timeout.id()).isEqualTo("hurried");
        assertThat(timeout.kind()).isEqualTo(ErrorKind.TIMEOUT);
        answer(node, received(node).get(0));
        assertThat(received(node)).isEmpty();
    }

    @Test
    void aNodeGetsWhatIsLeftOfTheTimeout() {
        startManager(16);
        EmbeddedChannel node = node("10.0.0.1:8001", 1);
        submit("busy");
        Submit first = received(node).get(0);
        submit(client, timed("waits", 1000));
        test.advanceMillis(300);
        answer(node, first);
        assertThat(received(node)).singleElement().extracting(Submit::timeoutMillis).isEqualTo(700L);
    }

    @Test
    void aNodeThatAnswersPingsButNotTheTaskIsTimedOutByTheManagerAndToldToStopIt() {
        startManager(16);
        EmbeddedChannel node = node("10.0.0.1:8001", 1);
        submit(client, timed("stuck", 1000));
        Submit sent = received(node).get(0);
        for (int beat = 0; beat < 4; beat++) {
            test.advanceMillis(200);
            manager.registry.heartbeat();
            answerPings(node);
        }
        assertThat(answersToClient()).isEmpty();
        test.advanceMillis(200);
        Failure timeout = onlyFailureToClient();
        assertThat(timeout.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(timeout.message()).contains("node 10.0.0.1:8001 did not answer within the task's timeout of 1000 ms");
        assertThat(sentTo(node)).containsExactly(new Cancel(sent.id(), false));

        answer(node, sent); // too late: nobody hears it twice
        assertThat(answersToClient()).isEmpty();
        assertThat(node.isOpen()).isTrue();
    }

    // ---- cancel, and clients that go away ----

    @Test
    void aCancelledTaskIsAnsweredCancelledAndItsNodeToldToStopIt() {
        startManager(16);
        EmbeddedChannel node = node("10.0.0.1:8001", 1);
        submit("running");
        submit("queued");
        Submit sent = received(node).get(0);

        client.writeInbound(new Cancel("queued", false));
        Failure queued = onlyFailureToClient();
        assertThat(queued.id()).isEqualTo("queued");
        assertThat(queued.kind()).isEqualTo(ErrorKind.CANCELLED);

        client.writeInbound(new Cancel("running", false));
        assertThat(onlyFailureToClient().kind()).isEqualTo(ErrorKind.CANCELLED);
        assertThat(sentTo(node)).containsExactly(new Cancel(sent.id(), false));

        node.writeInbound(Failure.of(sent.id(), ErrorKind.CANCELLED, "cancelled while it ran"));
        assertThat(answersToClient()).isEmpty();
        assertThat(received(node)).as("the queued task was never sent").isEmpty();
    }

    @Test
    void aCancelOnlyIfNotStartedIsTheNodesToDecide() {
        startManager(16);
        EmbeddedChannel node = node("10.0.0.1:8001", 1);
        submit("t");
        Submit sent = received(node).get(0);
        client.writeInbound(new Cancel("t", true));
        assertThat(answersToClient()).isEmpty();
        assertThat(sentTo(node)).containsExactly(new Cancel(sent.id(), true));
        answer(node, sent); // it had started: it runs to the end
        assertThat(answersToClient()).containsExactly(new Result("t", RawJson.parse("7")));
    }

    @Test
    void whenAClientGoesAwayItsQueuedTasksAreDroppedAndItsNodesDropWhatTheyHaveNotStarted() {
        startManager(16);
        EmbeddedChannel node = node("10.0.0.1:8001", 1);
        submit("sent");
        submit("queued");
        Submit sent = received(node).get(0);
        client.close();
        assertThat(sentTo(node)).containsExactly(new Cancel(sent.id(), true));
        answer(node, sent);
        assertThat(received(node)).as("the queued task is never sent").isEmpty();
        assertThat(statusFrom(manager.connect()).get("queued").asInt()).isZero();
    }

    private JsonNode statusFrom(EmbeddedChannel asker) {
        asker.writeInbound(new Status("s"));
        StatusReport report = asker.readOutbound();
        return report.report().toTree();
    }

    // ---- a manager that has just started ----

    @Test
    void justAfterStartTasksWaitForNodesToRegister() {
        startManager(16, Duration.ofSeconds(6));
        submit("early");
        test.advanceMillis(2000);
        assertThat(answersToClient()).isEmpty();
        EmbeddedChannel node = node("10.0.0.1:8001", 1);
        answer(node, received(node).get(0));
        assertThat(answersToClient()).containsExactly(new Result("early", RawJson.parse("7")));
    }

    @Test
    void whenNoNodeRegistersWithinTheStartGraceTheWaitingTasksAreAnsweredNoNodes() {
        startManager(16, Duration.ofSeconds(6));
        submit("early");
        test.advance(Duration.ofSeconds(6).minusMillis(1));
        assertThat(answersToClient()).isEmpty();
        test.advanceMillis(1);
        assertThat(onlyFailureToClient().kind()).isEqualTo(ErrorKind.NO_NODES);
        submit("late");
        assertThat(onlyFailureToClient().kind()).as("after the grace, at once").isEqualTo(ErrorKind.NO_NODES);
    }

    @Test
    void theStartGraceEndsWithTheFirstRegistration() {
        startManager(16, Duration.ofSeconds(6));
        EmbeddedChannel node = node("10.0.0.1:8001", 1);
        node.close();
        submit("after the only node left");
        assertThat(onlyFailureToClient().kind()).isEqualTo(ErrorKind.NO_NODES);
    }

    // ---- nodes that leave, and tasks lost more than once ----

    @Test
    void aLeavingNodeGetsNoMoreTasksFinishesItsOwnAndIsNotCountedLost() {
        startManager(16);
        EmbeddedChannel leaving = node("10.0.0.1:8001", 2);
        EmbeddedChannel staying = node("10.0.0.2:8001", 2);
        submit("a");
        submit("b");
        Submit onLeaving = received(leaving).get(0);
        received(staying);
        leaving.writeInbound(new Leaving("l"));
        assertThat(statusFrom(manager.connect()).get("nodes").get(0).get("leaving").asBoolean()).isTrue();
        submit("c");
        submit("d");
        assertThat(received(leaving)).isEmpty();
        assertThat(leaving.isOpen()).as("held a task").isTrue();
        answer(leaving, onLeaving);
        assertThat(leaving.isOpen()).as("let go once it holds nothing of ours").isFalse();
        assertThat(answersToClient()).hasSize(1).allSatisfy(m -> assertThat(m).isInstanceOf(Result.class));
        assertThat(statusFrom(manager.connect()).get("nodes")).hasSize(1);
    }

    @Test
    void anIdempotentTaskIsSentOutAgainWhenItsNodeIsLostUpToItsBound() {
        startManager(16);
        EmbeddedChannel holder = node("10.0.0.1:8001", 1);
        submit(client, task("risky", Priority.NORMAL, true));
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(received(holder)).as("attempt %d", attempt).hasSize(1);
            EmbeddedChannel next = node("10.0.0." + (attempt + 1) + ":8001", 1);
            holder.close();
            holder = next;
        }
        Failure lost = onlyFailureToClient();
        assertThat(lost.kind()).isEqualTo(ErrorKind.NODE_LOST);
        assertThat(lost.message()).contains("(attempt 3 of 3)");
        assertThat(received(holder)).isEmpty();
    }

    @Test
    void aTaskANodeTurnedAwayUnstartedKeepsEveryAttempt() {
        startManager(16);
        EmbeddedChannel full = node("10.0.0.1:8001", 1);
        submit(client, task("patient", Priority.NORMAL, true));
        Submit first = received(full).get(0);
        assertThat(first.maxAttempts()).as("what the node may use: all 3").isEqualTo(3);
        full.writeInbound(new Rejected(first.id(), "queue full"));
        EmbeddedChannel other = node("10.0.0.2:8001", 1);
        Submit again = received(other).get(0);
        assertThat(again.maxAttempts()).as("a rejection ran nothing, so it cost no attempt").isEqualTo(3);

        for (int lost = 1; lost <= 3; lost++) {
            EmbeddedChannel next = node("10.0.0." + (lost + 2) + ":8001", 1);
            other.close();
            other = next;
            if (lost < 3) {
                assertThat(received(other)).as("attempt %d", lost + 1).hasSize(1);
            }
        }
        assertThat(onlyFailureToClient().message()).contains("(attempt 3 of 3)");
    }
}
