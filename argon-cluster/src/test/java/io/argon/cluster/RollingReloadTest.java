package io.argon.cluster;

import static io.argon.cluster.TestManager.controls;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.core.net.TestLoop;
import io.argon.protocol.Control;
import io.argon.protocol.Done;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Message;
import io.argon.protocol.RawJson;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A manager's reload, rolled over its nodes one at a time: the nodes are embedded connections
 * through the manager's own handlers and answer the control requests when the test says so.
 */
class RollingReloadTest {
    private final TestLoop test = new TestLoop();
    private TestManager manager;
    private EmbeddedChannel client;

    @AfterEach
    void close() {
        test.close();
    }

    private void start() {
        manager = new TestManager(test, ManagerConfig.builder());
        client = manager.connect();
    }

    private static Done done(String id, int replaced) {
        return new Done(id, RawJson.parse("{\"action\":\"reload\",\"workers_replaced\":" + replaced + "}"));
    }

    @Test
    void aReloadRollsTheNodesOneAtATimeTheNextOnlyOnceTheOneBeforeIsDone() {
        start();
        EmbeddedChannel first = manager.node("10.0.0.1:8001", 2);
        EmbeddedChannel second = manager.node("10.0.0.2:8001", 3);
        CompletableFuture<RawJson> roll = manager.reloads.start();

        List<Control> toFirst = controls(first);
        assertThat(toFirst).singleElement().extracting(Control::action)
                .isEqualTo(Control.Action.RELOAD);
        assertThat(controls(second)).as("the second waits for the first").isEmpty();
        first.writeInbound(done(toFirst.get(0).id(), 2));
        List<Control> toSecond = controls(second);
        assertThat(toSecond).hasSize(1);
        assertThat(roll).isNotDone();
        second.writeInbound(done(toSecond.get(0).id(), 3));

        JsonNode report = roll.join().toTree();
        assertThat(report.get("nodes")).hasSize(2);
        assertThat(report.get("nodes").get(0).get("address").asText()).isEqualTo("10.0.0.1:8001");
        assertThat(report.get("nodes").get(1).get("workers_replaced").asInt()).isEqualTo(3);
    }

    @Test
    void aNodeThatFailsItsReloadStopsTheRollThere() {
        start();
        EmbeddedChannel first = manager.node("10.0.0.1:8001", 2);
        EmbeddedChannel second = manager.node("10.0.0.2:8001", 2);
        CompletableFuture<RawJson> roll = manager.reloads.start();
        String id = controls(first).get(0).id();
        first.writeInbound(Failure.of(id, ErrorKind.CONTROL_FAILED, "worker 3 failed to start: exited with status 1"));

        assertThat(roll).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withMessageContaining("reload stopped at node 10.0.0.1:8001: worker 3 failed to start");
        assertThat(controls(second)).as("the code that did not start goes no further").isEmpty();
    }

    @Test
    void aNodeLostDuringItsReloadFailsTheRoll() {
        start();
        EmbeddedChannel first = manager.node("10.0.0.1:8001", 2);
        CompletableFuture<RawJson> roll = manager.reloads.start();
        controls(first);
        first.close();
        test.runPending();
        assertThat(roll).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withMessageContaining("lost node 10.0.0.1:8001 before it answered");
    }

    @Test
    void aClientsReloadIsAnsweredDoneWithEachNodesReportAndDrainIsRefused() {
        start();
        EmbeddedChannel node = manager.node("10.0.0.1:8001", 2);
        client.writeInbound(new Control("k", Control.Action.RELOAD));
        test.runPending();
        node.writeInbound(done(controls(node).get(0).id(), 2));
        Message answer = client.readOutbound();
        assertThat(answer).isInstanceOf(Done.class);
        assertThat(((Done) answer).report().toTree().get("nodes").get(0).get("workers_replaced").asInt())
                .isEqualTo(2);

        client.writeInbound(new Control("d", Control.Action.DRAIN));
        Failure refused = client.readOutbound();
        assertThat(refused.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
        assertThat(refused.message()).contains("argon drain -a MANAGER --node NODE");
    }

    @Test
    void aReloadAskedForDuringARollRunsAfterIt() {
        start();
        EmbeddedChannel node = manager.node("10.0.0.1:8001", 2);
        CompletableFuture<RawJson> first = manager.reloads.start();
        CompletableFuture<RawJson> second = manager.reloads.start();
        List<Control> asked = controls(node);
        assertThat(asked).as("one at a time").hasSize(1);
        node.writeInbound(done(asked.get(0).id(), 2));
        assertThat(first).isCompleted();
        asked = controls(node);
        assertThat(asked).hasSize(1);
        assertThat(second).isNotDone();
        node.writeInbound(done(asked.get(0).id(), 2));
        assertThat(second).isCompleted();
    }

    @Test
    void aLeavingNodeIsSkippedAndAnAnswerToNothingIsNoTasksAnswer() {
        start();
        EmbeddedChannel leaving = manager.node("10.0.0.1:8001", 2);
        EmbeddedChannel staying = manager.node("10.0.0.2:8001", 2);
        client.writeInbound(new io.argon.protocol.Submit("t", "io.argon.examples.SampleTask", RawJson.EMPTY_OBJECT,
                io.argon.task.Priority.NORMAL, false));
        leaving.writeInbound(new io.argon.protocol.Leaving("l"));
        CompletableFuture<RawJson> roll = manager.reloads.start();
        assertThat(controls(leaving)).isEmpty();
        List<Control> asked = controls(staying);
        staying.writeInbound(Failure.of("reload-99", ErrorKind.CONTROL_FAILED, "not the one awaited"));
        assertThat(roll).isNotDone();
        staying.writeInbound(done(asked.get(0).id(), 2));
        JsonNode report = roll.join().toTree();
        assertThat(report.get("nodes").get(0).get("skipped").asText()).isEqualTo("leaving");
        assertThat(report.get("nodes").get(1).get("workers_replaced").asInt()).isEqualTo(2);
    }
}
