package io.argon.cluster;

import static io.argon.cluster.TestManager.controls;
import static io.argon.cluster.TestManager.received;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.core.net.TestLoop;
import io.argon.protocol.Control;
import io.argon.protocol.Done;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Leaving;
import io.argon.protocol.RawJson;
import io.argon.protocol.Register;
import io.argon.protocol.Registered;
import io.argon.protocol.Submit;
import io.argon.task.Priority;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An operator who reaches only the manager acts on one of its nodes through it, and a node
 * drained by an operator stays registered and shown, sent no task, until it registers again.
 */
class ManagerControlsTest {
    private final TestLoop test = new TestLoop();
    private final TestManager manager = new TestManager(test, ManagerConfig.builder());
    private final EmbeddedChannel operator = manager.connect();

    @AfterEach
    void close() {
        test.close();
    }

    private void submit(String id) {
        operator.writeInbound(new Submit(id, "io.argon.examples.SampleTask", RawJson.EMPTY_OBJECT, Priority.NORMAL, false));
    }

    @Test
    void aRequestNamingANodeIsPassedOnToItAndItsAnswerComesBackUnderItsAddress() {
        EmbeddedChannel node = manager.node("10.0.0.1:8001", 2);
        operator.writeInbound(new Control("op-1", Control.Action.DRAIN, "10.0.0.1:8001"));
        test.runPending();
        List<Control> passedOn = controls(node);
        assertThat(passedOn).singleElement().satisfies(control -> {
            assertThat(control.action()).isEqualTo(Control.Action.DRAIN);
            assertThat(control.node()).as("the node acts on itself").isNull();
        });
        assertThat((Object) operator.readOutbound()).as("not before the node has answered").isNull();
        node.writeInbound(new Done(passedOn.get(0).id(), RawJson.parse("{\"action\":\"drain\",\"drained\":true}")));
        Done done = operator.readOutbound();
        assertThat(done.id()).isEqualTo("op-1");
        JsonNode entry = done.report().toTree().get("nodes").get(0);
        assertThat(entry.get("address").asText()).isEqualTo("10.0.0.1:8001");
        assertThat(entry.get("drained").asBoolean()).isTrue();
    }

    @Test
    void aDrainNamingNoNodeOrAnUnknownOneIsRefusedSayingWhatToDo() {
        manager.node("10.0.0.1:8001", 2);
        operator.writeInbound(new Control("op-1", Control.Action.DRAIN));
        Failure unnamed = operator.readOutbound();
        assertThat(unnamed.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
        assertThat(unnamed.message()).contains("name the node").contains("--node NODE, or --all-nodes");
        operator.writeInbound(new Control("op-2", Control.Action.UNDRAIN, "10.0.0.9:1"));
        test.runPending();
        Failure unknown = operator.readOutbound();
        assertThat(unknown.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
        assertThat(unknown.message()).contains("no node 10.0.0.9:1 is registered").contains("registered: 10.0.0.1:8001");
    }

    @Test
    void aNodeThatFailsThePassedOnRequestFailsItAndOneLostFirstToo() {
        EmbeddedChannel node = manager.node("10.0.0.1:8001", 2);
        operator.writeInbound(new Control("op-1", Control.Action.RELOAD, "10.0.0.1:8001"));
        test.runPending();
        node.writeInbound(Failure.of(controls(node).get(0).id(), ErrorKind.CONTROL_FAILED, "worker 3 failed to start"));
        Failure failed = operator.readOutbound();
        assertThat(failed.kind()).isEqualTo(ErrorKind.CONTROL_FAILED);
        assertThat(failed.message()).contains("node 10.0.0.1:8001: worker 3 failed to start");

        operator.writeInbound(new Control("op-2", Control.Action.DRAIN, "10.0.0.1:8001"));
        test.runPending();
        node.close();
        test.runPending();
        assertThat(((Failure) operator.readOutbound()).message()).contains("lost node 10.0.0.1:8001 before it answered");
    }

    @Test
    void aDrainedNodeStaysRegisteredAndShownGetsNoTaskAndTakesTasksAgainWhenItRegistersAgain() {
        EmbeddedChannel drained = manager.node("10.0.0.1:8001", 2);
        EmbeddedChannel other = manager.node("10.0.0.2:8001", 2);
        drained.writeInbound(new Leaving("d", true));
        for (int i = 0; i < 4; i++) {
            submit("t" + i);
        }
        assertThat(received(drained)).isEmpty();
        assertThat(received(other)).as("what its window holds; the rest wait for room").hasSize(2);
        assertThat(drained.isOpen()).as("a drain keeps the link: the manager can still reach the node").isTrue();
        JsonNode entry = manager.status().get("nodes").get(0);
        assertThat(entry.get("address").asText()).isEqualTo("10.0.0.1:8001");
        assertThat(entry.get("drained").asBoolean()).isTrue();

        drained.writeInbound(new Register("again", "10.0.0.1:8001", 2));
        assertThat((Object) drained.readOutbound()).isEqualTo(new Registered("again", TestManager.MAX_FRAME));
        assertThat(manager.status().get("nodes").get(0).has("drained")).isFalse();
        assertThat(received(drained)).as("it takes tasks again: the two waiting").hasSize(2);
    }
}
