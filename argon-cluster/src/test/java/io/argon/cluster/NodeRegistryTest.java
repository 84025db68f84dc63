package io.argon.cluster;

import static io.argon.cluster.TestManager.answerPings;
import static io.argon.cluster.TestManager.received;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.core.net.TestLoop;
import io.argon.protocol.Leaving;
import io.argon.protocol.Ping;
import io.argon.protocol.Pong;
import io.argon.protocol.RawJson;
import io.argon.protocol.Register;
import io.argon.protocol.Registered;
import io.argon.protocol.Submit;
import io.argon.task.Priority;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * The nodes a manager knows, as its registry keeps them: registration, heartbeats, leaving,
 * and a node's rejections. Nodes are embedded connections through the manager's own handlers;
 * what the registry tells its listeners is recorded; the clock moves only when the test moves it.
 */
class NodeRegistryTest {
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);

    private final TestLoop test = new TestLoop();
    private final List<String> heard = new ArrayList<>();
    private TestManager manager;
    private NodeRegistry registry;

    @AfterEach
    void close() {
        test.close();
    }

    private void start(Duration startGrace) {
        start(ManagerConfig.builder().heartbeatInterval(HEARTBEAT).startGrace(startGrace));
    }

    private void start(ManagerConfig.Builder config) {
        manager = new TestManager(test, config);
        registry = manager.registry;
        registry.addListener(new NodeRegistry.Listener() {
            @Override
            public void joined(NodeTracker node) {
                heard.add("joined " + node.address);
            }

            @Override
            public void lost(NodeTracker node, String why, Level level) {
                heard.add("lost " + node.address + " (" + why + ") " + level);
            }

            @Override
            public void hasRoom(NodeTracker node) {
                heard.add("room " + node.address + " at " + TimeUnit.NANOSECONDS.toMillis(test.nanoTime()) + " ms");
            }
        });
    }

    private void beat() {
        test.advance(HEARTBEAT);
        registry.heartbeat();
    }

    @Test
    void aNodeRegistersAndANewRegistrationUnderItsAddressReplacesIt() {
        start(Duration.ZERO);
        EmbeddedChannel first = manager.node("10.0.0.1:8001", 2);
        NodeTracker tracker = registry.node("10.0.0.1:8001");
        assertThat(tracker.workers).isEqualTo(2);

        // Again on the same connection, the same: nothing changes.
        first.writeInbound(new Register("again", "10.0.0.1:8001", 2));
        assertThat((Object) first.readOutbound()).isEqualTo(new Registered("again", TestManager.MAX_FRAME));
        assertThat(registry.node("10.0.0.1:8001")).isSameAs(tracker);

        EmbeddedChannel second = manager.node("10.0.0.1:8001", 4);
        assertThat(first.isOpen()).isFalse();
        assertThat(second.isOpen()).isTrue();
        assertThat(registry.nodes()).singleElement().extracting(node -> node.workers).isEqualTo(4);
        assertThat(heard).containsExactly("joined 10.0.0.1:8001", "lost 10.0.0.1:8001 (a new registration replaced it) WARN",
                "joined 10.0.0.1:8001");
    }

    @Test
    void aNodeSilentForThreeHeartbeatsIsDroppedAndOneThatAnswersIsKept() {
        start(Duration.ZERO);
        EmbeddedChannel silent = manager.node("10.0.0.1:8001", 1);
        EmbeddedChannel alive = manager.node("10.0.0.2:8001", 1);
        for (int beat = 1; beat <= 3; beat++) {
            beat();
            assertThat(silent.outboundMessages()).as("pinged").last().isInstanceOf(Ping.class);
            answerPings(alive);
            assertThat(silent.isOpen()).as("still there after %d silent heartbeats", beat).isTrue();
        }
        beat();
        assertThat(silent.isOpen()).isFalse();
        assertThat(alive.isOpen()).isTrue();
        assertThat(heard).contains("lost 10.0.0.1:8001 (no answer to 3 heartbeats) WARN");
        assertThat(registry.nodes()).extracting(node -> node.address).containsExactly("10.0.0.2:8001");
    }

    @Test
    void anIdleNodeThatAnswersIsPingedOnceInFiveIntervalsAndIdleNodesTakeTurns() {
        start(Duration.ZERO);
        List<EmbeddedChannel> nodes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            nodes.add(manager.node("10.0.0." + i + ":8001", 1));
        }
        // Pinged at every interval until the round trip is known: a first, cold pong and 4 more.
        for (int beat = 1; beat <= NodeHeartbeat.ROUND_TRIP_SAMPLES + 1; beat++) {
            beat();
            assertThat(nodes).allSatisfy(node -> assertThat(answerPings(node)).as("pings at heartbeat").isEqualTo(1));
        }
        int[] pingsPerNode = new int[nodes.size()];
        List<Integer> pingsPerBeat = new ArrayList<>();
        for (int beat = 1; beat <= 2 * NodeHeartbeat.IDLE_PING_EVERY; beat++) {
            beat();
            int pings = 0;
            for (int i = 0; i < nodes.size(); i++) {
                int answered = answerPings(nodes.get(i));
                pingsPerNode[i] += answered;
                pings += answered;
            }
            pingsPerBeat.add(pings);
        }
        assertThat(pingsPerNode).as("pings per node in %d intervals", 2 * NodeHeartbeat.IDLE_PING_EVERY).containsOnly(2);
        assertThat(pingsPerBeat).as("pings per heartbeat").allSatisfy(pings -> assertThat(pings).isLessThan(nodes.size()));
        assertThat(registry.nodes()).hasSize(nodes.size());
        assertThat(heard).noneMatch(line -> line.startsWith("lost"));
    }

    @Test
    void aFrozenIdleNodeIsLostWithinFiveIntervalsMoreAndOneSentATaskWithinOneMore() {
        start(Duration.ZERO);
        EmbeddedChannel idle = manager.node("10.0.0.1:8001", 1);
        EmbeddedChannel busy = manager.node("10.0.0.2:8001", 1);
        for (int beat = 1; beat <= NodeHeartbeat.ROUND_TRIP_SAMPLES + 1; beat++) {
            beat();
            answerPings(idle);
            answerPings(busy);
        }
        // Both freeze now; the second is sent a task first.
        manager.connect().writeInbound(new Submit("t", "io.argon.examples.SampleTask", RawJson.EMPTY_OBJECT, Priority.NORMAL, false));
        assertThat(received(idle).size() + received(busy).size()).isEqualTo(1);
        EmbeddedChannel holder = registry.node("10.0.0.1:8001").inFlight() == 1 ? idle : busy;
        EmbeddedChannel other = holder == idle ? busy : idle;
        int holderLostAt = 0;
        int otherLostAt = 0;
        for (int beat = 1; beat <= NodeHeartbeat.IDLE_PING_EVERY + 3; beat++) {
            beat();
            holderLostAt = holderLostAt == 0 && !holder.isOpen() ? beat : holderLostAt;
            otherLostAt = otherLostAt == 0 && !other.isOpen() ? beat : otherLostAt;
        }
        // The node that holds a task is pinged at the first heartbeat, and misses it at 2, 3 and 4.
        assertThat(holderLostAt).as("heartbeat at which the node that holds a task was lost").isEqualTo(4);
        // The idle one is pinged at one of the next 5, and lost 3 heartbeats later.
        assertThat(otherLostAt).as("heartbeat at which the idle node was lost").isBetween(4, NodeHeartbeat.IDLE_PING_EVERY + 3);
        assertThat(heard).filteredOn(line -> line.startsWith("lost")).hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("(no answer to 3 heartbeats) WARN"));
    }

    @Test
    void aManagerThatWasStalledDropsNobodyForItsOwnSilence() {
        start(Duration.ZERO);
        EmbeddedChannel node = manager.node("10.0.0.1:8001", 1);
        beat();
        answerPings(node);
        test.advance(HEARTBEAT.multipliedBy(10)); // the manager's own loop was stuck
        registry.heartbeat();
        assertThat(node.isOpen()).isTrue();
        assertThat(heard).containsExactly("joined 10.0.0.1:8001");
    }

    @Test
    void aPongThatAnswersTheLastHeartbeatTimesTheRoundTripAfterTheFirstColdOne() {
        start(Duration.ZERO);
        EmbeddedChannel node = manager.node("10.0.0.1:8001", 1);
        NodeTracker tracker = registry.node("10.0.0.1:8001");
        for (long millis : new long[] {40, 3}) {
            beat();
            Ping ping = (Ping) node.readOutbound();
            test.advanceMillis(millis);
            node.writeInbound(new Pong(ping.id()));
        }
        assertThat(tracker.roundTripNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(3));
        beat();
        node.readOutbound();
        node.writeInbound(new Pong("hb-1")); // a late answer to an older heartbeat
        assertThat(tracker.roundTripNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(3));
    }

    @Test
    void aRejectingNodeThatHoldsNothingIsTriedAgainAfterGrowingDelaysUntilItAnswers() {
        start(Duration.ZERO);
        manager.node("10.0.0.1:8001", 2);
        NodeTracker node = registry.node("10.0.0.1:8001");
        long startMillis = 0;
        List<Long> delays = new ArrayList<>();
        for (int rejection = 0; rejection < 4; rejection++) {
            heard.clear();
            registry.rejected(node);
            assertThat(node.hasRoom()).isFalse();
            startMillis = TimeUnit.NANOSECONDS.toMillis(test.nanoTime());
            for (int millis = 0; millis < 10_000 && heard.isEmpty(); millis++) {
                test.advanceMillis(1);
            }
            delays.add(TimeUnit.NANOSECONDS.toMillis(test.nanoTime()) - startMillis);
            assertThat(node.hasRoom()).isTrue();
        }
        assertThat(delays).as("doubling, never a loop").containsExactly(20L, 40L, 80L, 160L);

        registry.rejected(node);
        node.tookTask();
        heard.clear();
        test.advanceMillis(1000);
        assertThat(heard).as("an answer ended the rejections; the probe is moot").isEmpty();
        assertThat(node.hasRoom()).isTrue();
    }

    @Test
    void aLeavingNodeIsLetGoOnceItHoldsNothingAndIsNotCountedLost() {
        start(Duration.ZERO);
        EmbeddedChannel leaving = manager.node("10.0.0.1:8001", 2);
        EmbeddedChannel client = manager.connect();
        client.writeInbound(new Submit("t", "io.argon.examples.SampleTask", RawJson.EMPTY_OBJECT, Priority.NORMAL, false));
        Submit held = received(leaving).get(0);
        leaving.writeInbound(new Leaving("l"));
        assertThat(registry.node("10.0.0.1:8001").isLeaving()).isTrue();
        assertThat(leaving.isOpen()).as("it holds a task").isTrue();

        TestManager.answer(leaving, held);
        assertThat(leaving.isOpen()).as("let go once it holds nothing of ours").isFalse();
        test.runPending();
        assertThat(heard).containsExactly("joined 10.0.0.1:8001", "lost 10.0.0.1:8001 (it left) INFO");
    }

    @Test
    void untilTheFirstNodeRegistersTheManagerIsInItsStartGrace() {
        start(Duration.ofSeconds(6));
        assertThat(registry.inStartGrace()).isTrue();
        assertThat(registry.startGraceEndsNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(6));
        test.advanceMillis(5999);
        assertThat(registry.inStartGrace()).isTrue();
        test.advanceMillis(1);
        assertThat(registry.inStartGrace()).isFalse();

        start(Duration.ofSeconds(6));
        manager.node("10.0.0.1:8001", 1);
        assertThat(registry.inStartGrace()).as("a node came").isFalse();
    }

    @Test
    void eachNodeIsDescribedWithWhatItHoldsAndWhenItWasLastHeard() {
        start(Duration.ZERO);
        EmbeddedChannel node = manager.node("10.0.0.1:8001", 3);
        manager.connect().writeInbound(new Submit("t", "io.argon.examples.SampleTask", RawJson.EMPTY_OBJECT, Priority.NORMAL, false));
        test.advanceMillis(250);
        node.writeInbound(new Leaving("l"));
        test.advanceMillis(50);
        JsonNode entry = manager.status().get("nodes").get(0);
        assertThat(entry.get("address").asText()).isEqualTo("10.0.0.1:8001");
        assertThat(entry.get("workers").asInt()).isEqualTo(3);
        assertThat(entry.get("window").asInt()).as("a fresh node: one task per worker").isEqualTo(3);
        assertThat(entry.get("in_flight").asInt()).isEqualTo(1);
        assertThat(entry.get("last_seen_ms_ago").asLong()).isEqualTo(50);
        assertThat(entry.get("leaving").asBoolean()).isTrue();
    }

    @Test
    void aRegistrationPastTheNodeLimitIsRefusedAndClosedAndOneInPlaceOfAnotherIsNot() {
        start(ManagerConfig.builder().maxNodes(2).startGrace(Duration.ZERO));
        manager.node("10.0.0.1:8001", 1);
        manager.node("10.0.0.2:8001", 1);
        EmbeddedChannel third = manager.connect();
        third.writeInbound(new Register("r3", "10.0.0.3:8001", 1));
        io.argon.protocol.Failure refused = (io.argon.protocol.Failure) third.readOutbound();
        assertThat(refused.id()).isEqualTo("r3");
        assertThat(refused.message()).contains("2 nodes are registered").contains("--max-nodes");
        assertThat(third.isOpen()).isFalse();
        assertThat(registry.nodes()).hasSize(2);

        manager.node("10.0.0.2:8001", 4); // the same address again: it replaces the node, within the limit
        assertThat(registry.node("10.0.0.2:8001").workers).isEqualTo(4);
    }
}
