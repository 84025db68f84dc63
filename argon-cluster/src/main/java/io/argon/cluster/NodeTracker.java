package io.argon.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.core.daemon.LatencyWindow;
import io.argon.protocol.Message;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the manager knows of one registered node: where it is, how many workers it has, what
 * it is running, how long its recent tasks took, and when it was last heard from.
 *
 * <p>The in-flight window is how many tasks the node may hold at once. It adapts: for tasks
 * much shorter than the round trip to the node it grows, up to {@link #MAX_PREFETCH} times
 * the workers, so that a worker finishing a task finds the next one already waiting on its
 * node; for tasks longer than the round trip it stays at the worker count, so that no task
 * waits on a busy node while another node has a free worker.
 */
final class NodeTracker {
    static final int HISTORY = 10;
    static final int MAX_PREFETCH = 4;
    /**
     * How fast a node's estimate is forgiven while nothing refreshes it: the part above the best
     * any node shows halves each time this many of its own average task times pass without a
     * new sample (within {@link #MIN_HALF_LIFE_NANOS} and {@link #MAX_HALF_LIFE_NANOS}).
     */
    static final int HALF_LIFE_TASKS = 16;
    static final long MIN_HALF_LIFE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    static final long MAX_HALF_LIFE_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** A node that holds none of our tasks and has had no new sample for this long is sent the next task: a probe. */
    static final long PROBE_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    final String address;
    /** How logs and the task history name it: formatted once, since each task's history names its node. */
    private final String name;
    /** The p50 and p99 of its tasks' round trips over the last minute. */
    private final LatencyWindow latency = new LatencyWindow();
    final int workers;
    final Channel channel;
    /** The tasks it holds, by the manager's id: sent, and not yet answered by the node. */
    private final Map<String, RoutedTask> inFlight = new HashMap<>();
    private final long[] recentNanos = new long[HISTORY];
    private int recorded;
    private long recentSum;
    /** Whether it is alive: when it was last heard from, what it owes, its heartbeats' round trip. */
    final NodeHeartbeat heartbeat;
    /** When its last task time was recorded (at first: when it registered). */
    private long lastSampleNanos;
    private long completed;
    /** The node said it is shutting down: it gets no more tasks. */
    private boolean leaving;
    /** An operator drained the node: it gets no tasks until it registers again. */
    private boolean drained;
    /** The node rejected a task: it is full until it answers one (or a probe says otherwise). */
    private boolean full;
    /** Rejections since its last answer, for the delay before probing it again. */
    private int rejections;

    NodeTracker(String address, int workers, Channel channel, long nowNanos) {
        this.address = address;
        this.name = "node " + address;
        this.workers = workers;
        this.channel = channel;
        this.heartbeat = new NodeHeartbeat(address.hashCode(), nowNanos);
        this.lastSampleNanos = nowNanos;
    }

    // ---- the tasks it holds ----

    /** Sends it a started task, which it holds until it answers. */
    void send(RoutedTask task, long nowNanos) {
        inFlight.put(task.routedId, task);
        channel.writeAndFlush(task.routed(nowNanos), channel.voidPromise());
    }

    /** Sends it a message of the manager's own: a ping, a cancel, a control request. */
    void send(Message message) {
        channel.writeAndFlush(message, channel.voidPromise());
    }

    /** The node answered the task it holds under {@code routedId}: it holds it no more. Returns it, or null if unknown. */
    RoutedTask answered(String routedId) {
        return inFlight.remove(routedId);
    }

    /** Whether it holds this task now. */
    boolean holds(RoutedTask task) {
        return inFlight.get(task.routedId) == task;
    }

    /** How many tasks it holds. */
    int inFlight() {
        return inFlight.size();
    }

    /** The node is gone: every task it held, which it holds no more. */
    List<RoutedTask> orphans() {
        List<RoutedTask> tasks = new ArrayList<>(inFlight.values());
        inFlight.clear();
        return tasks;
    }

    // ---- whether it takes tasks ----

    /** It said it is leaving: it finishes what it holds and gets nothing more. Returns whether this is news. */
    boolean leave() {
        boolean news = !leaving;
        leaving = true;
        return news;
    }

    boolean isLeaving() {
        return leaving;
    }

    /** An operator drained it: it gets no more tasks, and stays. Returns whether this is news. */
    boolean drain() {
        boolean news = !drained;
        drained = true;
        return news;
    }

    /** It registered again after a drain: it takes tasks again. Returns whether it had been drained. */
    boolean undrain() {
        boolean was = drained;
        drained = false;
        return was;
    }

    boolean isDrained() {
        return drained;
    }

    /** It rejected a task: it is full. Returns how many rejections in a row came before this one. */
    int rejected() {
        full = true;
        return rejections++;
    }

    /** It answered a task: it has room again. */
    void tookTask() {
        full = false;
        rejections = 0;
    }

    /**
     * A probe after {@code before + 1} rejections in a row: if no answer or other rejection
     * came since, it is tried again. Returns whether it was.
     */
    boolean probe(int before) {
        if (full && rejections == before + 1) {
            full = false;
            return true;
        }
        return false;
    }

    /** How many tasks it has answered. */
    long completed() {
        return completed;
    }

    /** Records a task's time from dispatch to answer, {@code nanos}, seen at {@code nowNanos}. */
    void recordTask(long nanos, long nowNanos) {
        lastSampleNanos = nowNanos;
        latency.record(nanos, nowNanos);
        int slot = (int) (completed++ % HISTORY);
        if (recorded == HISTORY) {
            recentSum -= recentNanos[slot];
        } else {
            recorded++;
        }
        recentNanos[slot] = nanos;
        recentSum += nanos;
    }

    /** Records a heartbeat's round trip (see {@link NodeHeartbeat#recordRoundTrip}). */
    void recordRoundTrip(long nanos) {
        heartbeat.recordRoundTrip(nanos);
    }

    /** The least of its last heartbeats' round trips, or 0 before the first that counts. */
    long roundTripNanos() {
        return heartbeat.roundTripNanos();
    }

    boolean hasHistory() {
        return recorded > 0;
    }

    /** Mean time of the last {@value #HISTORY} tasks, or 0 before the first. */
    long averageNanos() {
        return recorded == 0 ? 0 : recentSum / recorded;
    }

    /**
     * The task time this node is expected to take now: its recent average, forgiven as it ages.
     * The part above {@code floorNanos} (the best average any node shows) halves with every
     * half-life ({@value #HALF_LIFE_TASKS} of its average task times) that passes without a
     * sample of its own: a node slow once, and not sent a task since, does not keep that slow
     * start for ever, and soon gets a task that tells how fast it is now.
     */
    long estimateNanos(long nowNanos, long floorNanos) {
        long average = averageNanos();
        if (average <= floorNanos) {
            return average;
        }
        long halfLife = Math.max(MIN_HALF_LIFE_NANOS, Math.min(MAX_HALF_LIFE_NANOS, HALF_LIFE_TASKS * average));
        double halfLives = (double) (nowNanos - lastSampleNanos) / halfLife;
        return floorNanos + (long) ((average - floorNanos) * Math.pow(0.5, halfLives));
    }

    /**
     * Whether the next task should go here whatever the estimates say: the node holds none of
     * ours, and has had no new sample for {@link #PROBE_AFTER_NANOS}. That sample tells how fast
     * it is now.
     */
    boolean dueForProbe(long nowNanos) {
        return hasHistory() && inFlight.isEmpty() && nowNanos - lastSampleNanos >= PROBE_AFTER_NANOS;
    }

    /** How many tasks this node may hold now. */
    int window() {
        long average = averageNanos();
        if (average == 0) {
            return workers;
        }
        // Tasks' time as seen here includes the round trip; the extra tasks needed to keep
        // every worker fed are about workers * roundTrip / (time a worker spends per task).
        long roundTrip = roundTripNanos();
        long service = Math.max(1, average - roundTrip);
        long extra = workers * roundTrip / service;
        return (int) Math.min((long) workers * MAX_PREFETCH, workers + extra);
    }

    boolean hasRoom() {
        return !leaving && !drained && !full && inFlight.size() < window();
    }

    /** Expected time for one more task here: the estimated task time times the tasks ahead of it. */
    long expectedNanos(long nowNanos, long floorNanos) {
        return estimateNanos(nowNanos, floorNanos) * (inFlight.size() + 1);
    }

    /** Its entry in the manager's status report. */
    void describe(ObjectNode entry, long nowNanos) {
        entry.put("address", address)
                .put("workers", workers)
                .put("in_flight", inFlight.size())
                .put("window", window())
                .put("tasks_done", completed)
                .put("average_task_ms", averageNanos() / 1e6)
                .put("last_sample_ms_ago", TimeUnit.NANOSECONDS.toMillis(nowNanos - lastSampleNanos))
                .put("round_trip_ms", roundTripNanos() / 1e6)
                .put("last_seen_ms_ago", TimeUnit.NANOSECONDS.toMillis(nowNanos - heartbeat.lastHeardNanos()));
        latency.describe(entry.putObject("latency_ms"), nowNanos);
        if (leaving) {
            entry.put("leaving", true);
        }
        if (drained) {
            entry.put("drained", true);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
