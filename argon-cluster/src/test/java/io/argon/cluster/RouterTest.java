package io.argon.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.argon.core.daemon.Submission;
import io.argon.core.daemon.TaskStats;
import io.argon.protocol.Submit;
import io.argon.task.Priority;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Routing: lowest estimate x (in flight + 1) among nodes with room; estimates age, and idle nodes are probed. */
class RouterTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final Router router = new Router(new SplittableRandom(20));
    private long ids;

    @AfterEach
    void closeChannel() {
        channel.finishAndReleaseAll();
    }

    private NodeTracker node(String name, int workers, long averageMillis, int inFlight) {
        NodeTracker node = new NodeTracker(name, workers, channel, 0);
        if (averageMillis > 0) {
            for (int i = 0; i < NodeTracker.HISTORY; i++) {
                node.recordTask(TimeUnit.MILLISECONDS.toNanos(averageMillis), 0);
            }
        }
        fill(node, inFlight);
        return node;
    }

    private void fill(NodeTracker node, int tasks) {
        for (int i = 0; i < tasks; i++) {
            String id = Long.toString(++ids);
            Submit request = new Submit("c" + id, "io.argon.examples.SampleTask", null, Priority.NORMAL, false);
            RoutedTask task = new RoutedTask(new Submission(request, channel, new TaskStats()), id, 0, 1);
            task.start(node, 0);
            node.send(task, 0);
        }
    }

    @Test
    void theLowestAverageTimesTasksAheadWins() {
        NodeTracker slowIdle = node("slow", 4, 10, 0);   // 10 ms x 1 = 10 ms
        NodeTracker fastBusy = node("fast", 4, 2, 3);    //  2 ms x 4 =  8 ms
        NodeTracker medium = node("medium", 4, 5, 1);    //  5 ms x 2 = 10 ms
        assertThat(router.choose(List.of(slowIdle, fastBusy, medium), 0)).isSameAs(fastBusy);
        assertThat(router.choose(List.of(medium, slowIdle, fastBusy), 0)).isSameAs(fastBusy);

        NodeTracker fasterStill = node("faster", 4, 1, 3); // 1 ms x 4 = 4 ms
        assertThat(router.choose(List.of(slowIdle, fastBusy, fasterStill), 0)).isSameAs(fasterStill);
    }

    @Test
    void tasksInFlightCountAgainstAFastNode() {
        NodeTracker fast = node("fast", 8, 2, 0);
        NodeTracker slow = node("slow", 8, 5, 0);
        // Sending tasks one by one: the fast node takes them while 2 ms x (n + 1) beats 5 ms x (m + 1).
        List<NodeTracker> nodes = List.of(fast, slow);
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            NodeTracker chosen = router.choose(nodes, 0);
            picks.add(chosen.address);
            fill(chosen, 1);
        }
        assertThat(picks).containsExactly("fast", "fast", "slow", "fast");
    }

    @Test
    void nodesWithoutRoomAreSkipped() {
        NodeTracker fastFull = node("fast", 2, 1, 2);     // window 2, full
        NodeTracker slowFree = node("slow", 2, 50, 1);
        assertThat(fastFull.hasRoom()).isFalse();
        assertThat(router.choose(List.of(fastFull, slowFree), 0)).isSameAs(slowFree);

        NodeTracker leaving = node("leaving", 2, 1, 0);
        leaving.leave();
        assertThat(router.choose(List.of(leaving, slowFree), 0)).isSameAs(slowFree);

        NodeTracker refusing = node("refusing", 2, 1, 0);
        refusing.rejected();
        assertThat(router.choose(List.of(refusing, slowFree), 0)).isSameAs(slowFree);
    }

    @Test
    void aFreshNodeIsChosenEarly() {
        NodeTracker known = node("known", 4, 1, 0);
        NodeTracker fresh = node("fresh", 1, 0, 0);
        assertThat(fresh.hasHistory()).isFalse();
        assertThat(router.choose(List.of(known, fresh), 0)).isSameAs(fresh);
        assertThat(router.choose(List.of(fresh, known), 0)).isSameAs(fresh);
    }

    @Test
    void tiesGoToTheNodeWithFewerTasksInFlight() {
        NodeTracker busier = node("busier", 4, 0, 2);
        NodeTracker idler = node("idler", 4, 0, 1);
        assertThat(router.choose(List.of(busier, idler), 0)).isSameAs(idler);

        // Several fresh nodes take turns as tasks go out.
        NodeTracker a = node("a", 2, 0, 0);
        NodeTracker b = node("b", 2, 0, 0);
        NodeTracker c = node("c", 2, 0, 0);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            NodeTracker chosen = router.choose(List.of(a, b, c), 0);
            counts.merge(chosen.address, 1, Integer::sum);
            fill(chosen, 1);
        }
        assertThat(counts).containsOnly(Map.entry("a", 2), Map.entry("b", 2), Map.entry("c", 2));
    }

    @Test
    void nullWhenEveryNodeIsFullOrThereAreNone() {
        NodeTracker a = node("a", 1, 5, 1);
        NodeTracker b = node("b", 2, 0, 2);
        assertThat(router.choose(List.of(a, b), 0)).isNull();
        assertThat(router.choose(List.of(), 0)).isNull();
    }

    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aNodeSlowOnceIsForgivenAsItsSampleAgesAndIsSentWorkAgain() {
        NodeTracker slowStart = node("slow start", 4, 5, 0); // its cold samples: 5 ms, at time 0
        NodeTracker steady = node("steady", 4, 2, 1);        // 2 ms, one task in flight: 2 x 2 = 4 ms
        assertThat(router.choose(List.of(slowStart, steady), 0)).as("at first the slow start loses").isSameAs(steady);
        long halfLife = NodeTracker.HALF_LIFE_TASKS * 5 * MILLI; // 80 ms, well before a probe would come
        assertThat(halfLife).isLessThan(NodeTracker.PROBE_AFTER_NANOS);
        assertThat(slowStart.estimateNanos(halfLife / 2, steady.averageNanos())).isBetween(4 * MILLI, 5 * MILLI);
        assertThat(slowStart.estimateNanos(halfLife, steady.averageNanos()))
                .as("after one half-life, half of what it had above the best").isEqualTo(3500 * 1000L);
        steady.recordTask(2 * MILLI, halfLife); // steady's own samples stay fresh
        assertThat(router.choose(List.of(slowStart, steady), halfLife)).as("3.5 ms against 4: its turn").isSameAs(slowStart);
    }

    @Test
    void aNodeThatIsSlowNowStaysLessPreferredWhileItsSamplesAreFresh() {
        NodeTracker slow = node("slow", 4, 12, 0);
        NodeTracker fast = node("fast", 4, 2, 2);
        for (long t = 0; t <= 10 * SECOND; t += 10 * MILLI) {
            slow.recordTask(12 * MILLI, t);
            fast.recordTask(2 * MILLI, t);
        }
        assertThat(slow.estimateNanos(10 * SECOND, fast.averageNanos())).isEqualTo(12 * MILLI);
        assertThat(router.choose(List.of(slow, fast), 10 * SECOND)).isSameAs(fast);
    }

    @Test
    void anIdleNodeWithAnOldSampleIsProbedWhateverItsEstimate() {
        NodeTracker idle = node("idle", 4, 50, 0);
        NodeTracker busy = node("busy", 4, 1, 0);
        busy.recordTask(MILLI, NodeTracker.PROBE_AFTER_NANOS);
        assertThat(idle.dueForProbe(NodeTracker.PROBE_AFTER_NANOS - 1)).isFalse();
        assertThat(idle.dueForProbe(NodeTracker.PROBE_AFTER_NANOS)).isTrue();
        assertThat(router.choose(List.of(busy, idle), NodeTracker.PROBE_AFTER_NANOS)).isSameAs(idle);

        fill(idle, 1);
        assertThat(idle.dueForProbe(NodeTracker.PROBE_AFTER_NANOS)).as("it holds the probe").isFalse();
        assertThat(router.choose(List.of(busy, idle), NodeTracker.PROBE_AFTER_NANOS)).isSameAs(busy);
    }

    /**
     * 256 nodes of one worker, 224 of which took 12 ms over their first task and 32 of which 2
     * ms; from now on every task takes 2 ms wherever it runs, 64 in flight. Within 20,000 tasks
     * (about 0.6 s of this clock), every node gets work.
     */
    @Test
    void everyOneOfManyNodesGetsWorkThoughMostStartedSlow() {
        List<NodeTracker> nodes = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            nodes.add(node("n" + i, 1, i < 32 ? 2 : 12, 0));
        }
        Map<NodeTracker, Integer> tasks = new HashMap<>();
        java.util.ArrayDeque<Object[]> pending = new java.util.ArrayDeque<>(); // {node, routed id, answer time}
        long now = 0;
        int sent = 0;
        while (sent < 20_000) {
            while (!pending.isEmpty() && (long) pending.peek()[2] <= now) {
                Object[] answer = pending.poll();
                NodeTracker node = (NodeTracker) answer[0];
                node.answered((String) answer[1]);
                node.recordTask(2 * MILLI, (long) answer[2]);
            }
            NodeTracker chosen = pending.size() < 64 ? router.choose(nodes, now) : null;
            if (chosen == null) {
                now = (long) pending.peek()[2];
                continue;
            }
            String id = Long.toString(++ids);
            RoutedTask task = new RoutedTask(new Submission(new Submit("c" + id, "io.argon.examples.SampleTask", null,
                    Priority.NORMAL, false), channel, new TaskStats()), id, now, 1);
            task.start(chosen, now);
            chosen.send(task, now);
            pending.add(new Object[] {chosen, id, now + 2 * MILLI});
            tasks.merge(chosen, 1, Integer::sum);
            sent++;
        }
        assertThat(nodes).allSatisfy(node -> assertThat(tasks.getOrDefault(node, 0)).as(node.address).isPositive());
        assertThat(now).as("simulated time").isLessThan(SECOND);
    }

    /**
     * Beyond {@link Router#SCAN_ALL_UP_TO} nodes, two drawn at random are weighed for each task:
     * of 1,024 idle nodes, half with 1 ms tasks and half with 20 ms ones, the fast half gets
     * most of 2,048 tasks, and no node more than a few.
     */
    @Test
    void manyNodesAreWeighedTwoAtATimeAndTheFastHalfGetsMostTasks() {
        List<NodeTracker> nodes = new ArrayList<>();
        for (int i = 0; i < 1024; i++) {
            nodes.add(node("n" + i, 8, i % 2 == 0 ? 1 : 20, 0));
        }
        int fast = 0;
        for (int i = 0; i < 2048; i++) {
            NodeTracker chosen = router.choose(nodes, 0);
            fill(chosen, 1);
            if (chosen.averageNanos() == MILLI) {
                fast++;
            }
        }
        assertThat(fast).as("tasks on the fast half").isGreaterThan(2048 * 3 / 4);
        assertThat(nodes).allSatisfy(node -> assertThat(node.inFlight()).isLessThanOrEqualTo(8));
    }

    @Test
    void amongManyNodesOneDueForAProbeIsSentTheNextTask() {
        List<NodeTracker> nodes = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            NodeTracker node = node("n" + i, 4, 1, 0);
            node.recordTask(MILLI, NodeTracker.PROBE_AFTER_NANOS);
            nodes.add(node);
        }
        NodeTracker idle = node("idle", 4, 50, 0);
        nodes.add(idle);
        assertThat(router.choose(nodes, NodeTracker.PROBE_AFTER_NANOS)).isSameAs(idle);
        fill(idle, 1);
        assertThat(router.choose(nodes, NodeTracker.PROBE_AFTER_NANOS)).as("it holds the probe").isNotSameAs(idle);
    }

    @Test
    void amongManyNodesAFullOneIsNeverChosenAndNullWhenAllAreFull() {
        List<NodeTracker> nodes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            nodes.add(node("n" + i, 1, 1, 0));
        }
        NodeTracker last = nodes.get(37);
        for (NodeTracker node : nodes) {
            fill(node, node.window() - (node == last ? 1 : 0));
        }
        assertThat(router.choose(nodes, 0)).as("the one node with room, found though the draws miss it").isSameAs(last);
        fill(last, 1);
        assertThat(router.choose(nodes, 0)).isNull();
    }
}
