package io.argon.it;

import static io.argon.it.ManagerProcesses.awaitRegisteredNodes;
import static io.argon.it.ManagerProcesses.startManager;
import static io.argon.it.ManagerProcesses.startNode;
import static io.argon.it.Tasks.SAMPLE;
import static io.argon.it.Tasks.sample;
import static io.argon.it.Timeouts.ANSWERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import io.argon.core.fuzz.FrameFuzzer;
import io.argon.protocol.Cancel;
import io.argon.protocol.MalformedMessageException;
import io.argon.protocol.Message;
import io.argon.protocol.Messages;
import io.argon.protocol.Register;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Fuzzed frames against a real node and a real manager: after every batch, every frame with a
 * readable id has exactly one answer under that id, the daemon answers a ping, and a real
 * task still runs. {@code -Dargon.fuzz.seed=N -Dargon.fuzz.frames=N} run it longer.
 */
class ProtocolFuzzIT {
    private static final int BATCH = 200;
    private static final String BARRIER = "fuzz-barrier";

    @Test
    void aRealNodeAnswersEveryFuzzedFrameOnceAndKeepsServing() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1", "-l", "1000");
             ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
            fuzz(node, client, FrameFuzzer.seed(9_2026_11_30L));
        }
    }

    @Test
    void aRealManagerAnswersEveryFuzzedFrameOnceAndKeepsServing() throws Exception {
        try (ArgonProcess manager = startManager("-l", "1000");
             ArgonProcess node = startNode(manager.port(), "-w", "1");
             ArgonClient client = new ArgonClient("127.0.0.1", manager.port())) {
            awaitRegisteredNodes(manager, 1);
            fuzz(manager, client, FrameFuzzer.seed(11_2026_11_30L));
            assertThat(node.process().isAlive()).isTrue();
        }
    }

    private static void fuzz(ArgonProcess daemon, ArgonClient client, long seed) throws Exception {
        int frames = Math.max(BATCH, FrameFuzzer.frames(10_000));
        FrameFuzzer fuzzer = new FrameFuzzer(seed);
        int sent = 0;
        int skipped = 0;
        for (int batch = 0; sent < frames; batch++) {
            Map<String, Integer> expected = new HashMap<>();
            try (RawConnection raw = new RawConnection(daemon.port())) {
                for (int i = 0; i < BATCH && sent < frames; i++) {
                    byte[] payload = fuzzer.next();
                    Message message = decodeOrNull(payload);
                    if (message instanceof Register) {
                        skipped++; // it would make this connection a node's: the unit fuzz covers it
                        continue;
                    }
                    raw.sendFrame(payload);
                    sent++;
                    if (!(message instanceof Cancel)) {
                        expected.merge(String.valueOf(FrameFuzzer.readableId(payload)), 1, Integer::sum);
                    }
                }
                Map<String, Integer> received = readAnswers(raw, expected, "batch " + batch + " of seed " + seed);
                assertThat(received).as("answers by id, batch %d of seed %d", batch, seed).isEqualTo(expected);
            }
            assertThat(daemon.process().isAlive()).as("alive after batch %d", batch).isTrue();
            assertThat(client.submit(SAMPLE, sample(batch, 0)).get(ANSWERS.toSeconds(), TimeUnit.SECONDS).asInt())
                    .as("a real task after batch %d", batch).isEqualTo(batch);
        }
        System.out.println("fuzzed " + daemon.pid() + " with " + sent + " frames of seed " + seed + " (" + skipped + " registrations skipped)");
    }

    /** Reads until every expected answer is in, then a ping, so a second answer to any frame would show. */
    private static Map<String, Integer> readAnswers(RawConnection raw, Map<String, Integer> expected, String where) throws Exception {
        Map<String, Integer> received = new HashMap<>();
        long deadline = System.nanoTime() + ANSWERS.toNanos();
        while (!received.equals(expected) && System.nanoTime() - deadline < 0) {
            try {
                record(raw.readFrame(), received);
            } catch (SocketTimeoutException e) {
                Map<String, Integer> missing = new HashMap<>(expected);
                received.forEach((id, n) -> missing.merge(id, -n, Integer::sum));
                missing.values().removeIf(n -> n == 0);
                throw new AssertionError("answers missing after " + where + ": " + missing);
            }
        }
        raw.sendFrame("{\"type\":\"ping\",\"id\":\"" + BARRIER + "\"}");
        while (true) {
            JsonNode reply;
            try {
                reply = raw.readFrame();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no pong to the barrier after " + where + "; answers so far " + received);
            }
            if ("pong".equals(reply.path("type").asText()) && BARRIER.equals(reply.path("id").asText())) {
                return received;
            }
            record(reply, received);
        }
    }

    private static void record(JsonNode reply, Map<String, Integer> received) {
        String id = reply.has("id") ? reply.get("id").asText() : "null";
        received.merge(id, 1, Integer::sum);
    }

    private static Message decodeOrNull(byte[] payload) {
        try {
            return Messages.decode(payload);
        } catch (MalformedMessageException e) {
            return null;
        }
    }
}
