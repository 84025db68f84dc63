package io.argon.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.core.net.TestLoop;
import io.argon.protocol.Control;
import io.argon.protocol.Message;
import io.argon.protocol.Ping;
import io.argon.protocol.Pong;
import io.argon.protocol.RawJson;
import io.argon.protocol.Register;
import io.argon.protocol.Registered;
import io.argon.protocol.Result;
import io.argon.protocol.Status;
import io.argon.protocol.StatusReport;
import io.argon.protocol.Submit;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A manager's parts wired as {@link Manager} wires them, on a test's loop: nodes and clients
 * are embedded connections that go through the manager's own handlers, nodes answer when the
 * test says so, and heartbeats go out when the test calls for them, as the manager's timer
 * would every interval.
 */
final class TestManager {
    static final int MAX_FRAME = 65536;

    final TestLoop test;
    final NodeRegistry registry;
    final ManagerDispatcher dispatcher;
    final ControlRelay relay;
    final RollingReload reloads;
    final ManagerRequestHandler handler;

    TestManager(TestLoop test, ManagerConfig.Builder config) {
        this.test = test;
        ManagerConfig built = config.maxFrameBytes(MAX_FRAME).build();
        registry = new NodeRegistry(built, test.loop());
        dispatcher = new ManagerDispatcher(built, test.loop(), registry);
        relay = new ControlRelay(registry);
        reloads = new RollingReload(registry, relay);
        handler = new ManagerRequestHandler(dispatcher, new ManagerControls(test.loop(), registry, relay, reloads),
                () -> new NodeLinkHandler(registry, dispatcher, relay), channel -> { });
    }

    /** A connection to the manager's port, as a client's starts. */
    EmbeddedChannel connect() {
        return test.channel(handler);
    }

    /** A node connects and registers; returns its connection. */
    EmbeddedChannel node(String address, int workers) {
        EmbeddedChannel node = connect();
        node.writeInbound(new Register("r-" + address, address, workers));
        assertThat((Message) node.readOutbound()).isEqualTo(new Registered("r-" + address, MAX_FRAME));
        return node;
    }

    /** The manager's status report, asked for over a fresh connection. */
    JsonNode status() {
        EmbeddedChannel asker = connect();
        asker.writeInbound(new Status("s"));
        return ((StatusReport) asker.readOutbound()).report().toTree();
    }

    /** The tasks the manager has sent the node since last asked, in order (anything else skipped). */
    static List<Submit> received(EmbeddedChannel node) {
        return sent(node, Submit.class);
    }

    /** The control requests the manager has sent the node since last asked (anything else skipped). */
    static List<Control> controls(EmbeddedChannel node) {
        return sent(node, Control.class);
    }

    /** The node answers the task with a result of 7. */
    static void answer(EmbeddedChannel node, Submit routed) {
        node.writeInbound(new Result(routed.id(), RawJson.parse("7")));
    }

    /** The node answers every heartbeat sent to it since last asked; returns how many there were. */
    static int answerPings(EmbeddedChannel node) {
        List<Ping> pings = sent(node, Ping.class);
        for (Ping ping : pings) {
            node.writeInbound(new Pong(ping.id()));
        }
        return pings.size();
    }

    /** Everything sent on {@code channel} since last asked. */
    static List<Message> all(EmbeddedChannel channel) {
        return sent(channel, Message.class);
    }

    private static <T> List<T> sent(EmbeddedChannel channel, Class<T> type) {
        List<T> found = new ArrayList<>();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            if (type.isInstance(message)) {
                found.add(type.cast(message));
            }
        }
        return found;
    }
}
