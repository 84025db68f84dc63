package io.argon.it;

import static io.argon.it.ManagerProcesses.awaitRegisteredNodes;
import static io.argon.it.Tasks.PID;
import static io.argon.it.Tasks.SAMPLE;
import static io.argon.it.Tasks.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A manager facing peers that break the rules: garbage frames, duplicate and flooding
 * registrations. It answers clearly, keeps one record per node address, and keeps serving.
 * One manager with one real node (-w 1) serves every test; each leaves only that node registered.
 */
class ManagerProtocolIT {
    @RegisterExtension
    static final ManagerWithOneNode cluster = new ManagerWithOneNode("--max-frame-bytes", "65536");

    private static void assertStillServes() {
        try (ArgonClient client = new ArgonClient("127.0.0.1", cluster.manager().port())) {
            Set<Long> worker = cluster.node().workerPids();
            TaskLoad load = TaskLoad.run(10, 4, i -> i % 2 == 0 ? client.submit(SAMPLE, sample(i, 0)) : client.submit(PID, Map.of()));
            assertThat(load.errors()).isEmpty();
            load.results().forEach((i, result) -> {
                if (i % 2 == 0) {
                    assertThat(result.asInt()).isEqualTo(i);
                } else {
                    assertThat(worker).contains(result.asLong());
                }
            });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void garbageFramesAreAnsweredBadFrameAndTheManagerKeepsServing() throws Exception {
        ArgonProcess manager = cluster.manager();
        try (RawConnection raw = new RawConnection(manager.port())) {
            raw.sendFrame("this is not json");
            JsonNode error = raw.readFrame();
            assertThat(error.get("type").asText()).isEqualTo("error");
            assertThat(error.get("kind").asText()).isEqualTo("bad_frame");

            raw.sendFrame("[1, 2, 3]");
            assertThat(raw.readFrame().get("kind").asText()).isEqualTo("bad_frame");

            raw.sendFrame("{\"type\":\"teleport\",\"id\":\"x1\"}");
            JsonNode unknown = raw.readFrame();
            assertThat(unknown.get("kind").asText()).isEqualTo("unknown_message");
            assertThat(unknown.get("id").asText()).isEqualTo("x1");

            // An answer from a connection that is not a node's.
            raw.sendFrame("{\"type\":\"result\",\"id\":\"1\",\"result\":42}");
            JsonNode stray = raw.readFrame();
            assertThat(stray.get("type").asText()).isEqualTo("error");
            assertThat(stray.get("kind").asText()).isEqualTo("unknown_message");

            raw.sendFrame("{\"type\":\"register\",\"id\":\"r0\",\"address\":\"127.0.0.1:2\",\"workers\":0}");
            JsonNode badRegistration = raw.readFrame();
            assertThat(badRegistration.get("kind").asText()).isEqualTo("bad_request");
            assertThat(badRegistration.get("id").asText()).isEqualTo("r0");

            raw.sendFrame("{\"type\":\"submit\",\"id\":\"s1\",\"params\":{}}");
            JsonNode badSubmit = raw.readFrame();
            assertThat(badSubmit.get("kind").asText()).isEqualTo("bad_request");
            assertThat(badSubmit.get("id").asText()).isEqualTo("s1");

            raw.sendFrame("{\"type\":\"ping\",\"id\":\"p1\"}");
            JsonNode pong = raw.readFrame();
            assertThat(pong.get("type").asText()).isEqualTo("pong");
            assertThat(pong.get("id").asText()).isEqualTo("p1");

            raw.sendFrame("{\"type\":\"submit\",\"id\":\"s2\",\"class\":\"" + SAMPLE + "\",\"params\":{\"num\":9}}");
            JsonNode result = raw.readFrame();
            assertThat(result.get("type").asText()).isEqualTo("result");
            assertThat(result.get("id").asText()).isEqualTo("s2");
            assertThat(result.get("result").asInt()).isEqualTo(9);
        }
        try (RawConnection broken = new RawConnection(manager.port())) {
            broken.sendLength(100 * 1024 * 1024);
            assertThat(broken.readFrame().get("kind").asText()).isEqualTo("frame_too_large");
            assertThat(broken.readUntilClosed(10)).isEmpty();
        }
        try (RawConnection negative = new RawConnection(manager.port())) {
            negative.sendLength(-5); // read as an unsigned length: far too large
            assertThat(negative.readFrame().get("kind").asText()).isIn("bad_frame", "frame_too_large");
            assertThat(negative.readUntilClosed(10)).isEmpty();
        }
        assertThat(manager.output()).doesNotContain(cluster.node().address() + " lost");
        assertStillServes();
    }

    @Test
    void aNodeThatRegistersTwiceUnderOneAddressHasOneRecord() throws Exception {
        ArgonProcess manager = cluster.manager();
        String nodeAddress = cluster.node().address();
        String register = "{\"type\":\"register\",\"id\":\"r1\",\"address\":\"127.0.0.1:1\",\"workers\":1}";
        try (RawConnection first = new RawConnection(manager.port());
             RawConnection second = new RawConnection(manager.port())) {
            first.sendFrame(register);
            assertThat(first.readFrame().get("type").asText()).isEqualTo("registered");
            assertThat(addresses(manager.status())).containsExactlyInAnyOrder(nodeAddress, "127.0.0.1:1");

            second.sendFrame(register);
            assertThat(second.readFrame().get("type").asText()).isEqualTo("registered");
            // The real node and the fake one: two nodes, never three.
            assertThat(addresses(manager.status())).containsExactlyInAnyOrder(nodeAddress, "127.0.0.1:1");
            manager.awaitLine("node 127.0.0.1:1 lost: a new registration replaced it");
            // The replaced connection is closed (pings may come before the end).
            assertThat(first.readUntilClosed(100)).allSatisfy(frame -> assertThat(frame.get("type").asText()).isEqualTo("ping"));

            // The same registration again on the same connection changes nothing.
            long registeredLines = manager.countLines("node 127.0.0.1:1 registered");
            second.sendFrame(register);
            assertThat(second.readFrame().get("type").asText()).isIn("registered", "ping");
            assertThat(addresses(manager.status())).containsExactlyInAnyOrder(nodeAddress, "127.0.0.1:1");
            assertThat(manager.countLines("node 127.0.0.1:1 registered")).isEqualTo(registeredLines);
        }
        awaitRegisteredNodes(manager, 1);
        assertStillServes();
    }

    @Test
    void aRegistrationFloodIsAbsorbedAndTheManagerKeepsServing() throws Exception {
        ArgonProcess manager = cluster.manager();
        String nodeAddress = cluster.node().address();
        int flood = 40;
        List<RawConnection> fakes = new ArrayList<>();
        try {
            for (int i = 0; i < flood; i++) {
                RawConnection fake = new RawConnection(manager.port());
                fakes.add(fake);
                // Each also registers twice under new addresses; only the last counts.
                fake.sendFrame("{\"type\":\"register\",\"id\":\"a" + i + "\",\"address\":\"127.0.0.1:2" + (1000 + i) + "\",\"workers\":1}");
                fake.sendFrame("{\"type\":\"register\",\"id\":\"b" + i + "\",\"address\":\"127.0.0.1:3" + (1000 + i) + "\",\"workers\":2}");
            }
            for (RawConnection fake : fakes) {
                assertThat(fake.readFrame().get("type").asText()).isEqualTo("registered");
                assertThat(fake.readFrame().get("type").asText()).isEqualTo("registered");
            }
            JsonNode status = awaitRegisteredNodes(manager, flood + 1);
            int workers = 0;
            for (JsonNode registered : status.get("nodes")) {
                workers += registered.get("workers").asInt();
            }
            assertThat(workers).isEqualTo(2 * flood + 1);
            assertThat(addresses(status)).filteredOn(address -> !address.equals(nodeAddress))
                    .hasSize(flood).allMatch(address -> address.startsWith("127.0.0.1:3"));
        } finally {
            fakes.forEach(Quietly::close);
        }
        awaitRegisteredNodes(manager, 1);
        assertThat(addresses(manager.status())).containsExactly(nodeAddress);
        assertStillServes();
    }

    private static List<String> addresses(JsonNode status) {
        List<String> addresses = new ArrayList<>();
        status.get("nodes").forEach(registered -> addresses.add(registered.get("address").asText()));
        return addresses;
    }
}
