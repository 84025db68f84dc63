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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Routing: lowest average x (in flight + 1) among nodes with room. */
class RouterTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private long ids;

    @AfterEach
    void closeChannel() {
        channel.finishAndReleaseAll();
    }

    private NodeTracker node(String name, int workers, long averageMillis, int inFlight) {
        NodeTracker node = new NodeTracker(name, workers, channel, 0);
        if (averageMillis > 0) {
            for (int i = 0; i < NodeTracker.HISTORY; i++) {
                node.recordTask(TimeUnit.MILLISECONDS.toNanos(averageMillis));
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
        assertThat(Router.choose(List.of(slowIdle, fastBusy, medium))).isSameAs(fastBusy);
        assertThat(Router.choose(List.of(medium, slowIdle, fastBusy))).isSameAs(fastBusy);

        NodeTracker fasterStill = node("faster", 4, 1, 3); // 1 ms x 4 = 4 ms
        assertThat(Router.choose(List.of(slowIdle, fastBusy, fasterStill))).isSameAs(fasterStill);
    }

    @Test
    void tasksInFlightCountAgainstAFastNode() {
        NodeTracker fast = node("fast", 8, 2, 0);
        NodeTracker slow = node("slow", 8, 5, 0);
        // Sending tasks one by one: the fast node takes them while 2 ms x (n + 1) beats 5 ms x (m + 1).
        List<NodeTracker> nodes = List.of(fast, slow);
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            NodeTracker chosen = Router.choose(nodes);
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
        assertThat(Router.choose(List.of(fastFull, slowFree))).isSameAs(slowFree);

        NodeTracker leaving = node("leaving", 2, 1, 0);
        leaving.leave();
        assertThat(Router.choose(List.of(leaving, slowFree))).isSameAs(slowFree);

        NodeTracker refusing = node("refusing", 2, 1, 0);
        refusing.rejected();
        assertThat(Router.choose(List.of(refusing, slowFree))).isSameAs(slowFree);
    }

    @Test
    void aFreshNodeIsChosenEarly() {
        NodeTracker known = node("known", 4, 1, 0);
        NodeTracker fresh = node("fresh", 1, 0, 0);
        assertThat(fresh.hasHistory()).isFalse();
        assertThat(Router.choose(List.of(known, fresh))).isSameAs(fresh);
        assertThat(Router.choose(List.of(fresh, known))).isSameAs(fresh);
    }

    @Test
    void tiesGoToTheNodeWithFewerTasksInFlight() {
        NodeTracker busier = node("busier", 4, 0, 2);
        NodeTracker idler = node("idler", 4, 0, 1);
        assertThat(Router.choose(List.of(busier, idler))).isSameAs(idler);

        // Several fresh nodes take turns as tasks go out.
        NodeTracker a = node("a", 2, 0, 0);
        NodeTracker b = node("b", 2, 0, 0);
        NodeTracker c = node("c", 2, 0, 0);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            NodeTracker chosen = Router.choose(List.of(a, b, c));
            counts.merge(chosen.address, 1, Integer::sum);
            fill(chosen, 1);
        }
        assertThat(counts).containsOnly(Map.entry("a", 2), Map.entry("b", 2), Map.entry("c", 2));
    }

    @Test
    void nullWhenEveryNodeIsFullOrThereAreNone() {
        NodeTracker a = node("a", 1, 5, 1);
        NodeTracker b = node("b", 2, 0, 2);
        assertThat(Router.choose(List.of(a, b))).isNull();
        assertThat(Router.choose(List.of())).isNull();
    }
}
