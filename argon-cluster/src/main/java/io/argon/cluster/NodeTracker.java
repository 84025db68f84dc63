package io.argon.cluster;

import io.argon.protocol.Message;
import io.netty.channel.Channel;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

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
    static final int ROUND_TRIP_SAMPLES = 4;

    final String address;
    final int workers;
    final Channel channel;
    final Map<String, RoutedTask> inFlight = new HashMap<>();
    private final long[] recentNanos = new long[HISTORY];
    private int recorded;
    private long recentSum;
    private final long[] roundTrips = new long[ROUND_TRIP_SAMPLES];
    private int roundTripCount;
    long lastHeardNanos;
    /** The control request the manager awaits this node's answer to (a rolling reload's), and its id; null if none. */
    CompletableFuture<Message> controlAnswer;
    String controlId;
    long completed;
    /** The node said it is shutting down: it gets no more tasks. */
    boolean leaving;
    /** The node rejected a task: it is full until it answers one (or a probe says otherwise). */
    boolean full;
    /** Rejections since its last answer, for the delay before probing it again. */
    int rejections;
    /** The heartbeat awaiting its pong, and when it was sent. */
    private String pingId;
    private long pingSentNanos;

    NodeTracker(String address, int workers, Channel channel, long nowNanos) {
        this.address = address;
        this.workers = workers;
        this.channel = channel;
        this.lastHeardNanos = nowNanos;
    }

    /** Records a task's time from dispatch to answer. */
    void recordTask(long nanos) {
        int slot = (int) (completed++ % HISTORY);
        if (recorded == HISTORY) {
            recentSum -= recentNanos[slot];
        } else {
            recorded++;
        }
        recentNanos[slot] = nanos;
        recentSum += nanos;
    }

    /** A heartbeat went out now; a later one replaces it, so a pong to an older one is not timed. */
    void pingSent(String id, long nowNanos) {
        pingId = id;
        pingSentNanos = nowNanos;
    }

    /** A pong came back: if it answers the last heartbeat, its round trip counts. */
    void pongReceived(String id, long nowNanos) {
        if (id.equals(pingId)) {
            pingId = null;
            recordRoundTrip(nowNanos - pingSentNanos);
        }
    }

    /**
     * Records a heartbeat's round trip. The first is dropped (it pays for cold code on both
     * sides, often 20x the rest), and the estimate is the least of the last few: a ping delayed
     * behind a burst of tasks says nothing about the network.
     */
    void recordRoundTrip(long nanos) {
        if (roundTripCount++ > 0) {
            roundTrips[roundTripCount % ROUND_TRIP_SAMPLES] = nanos;
        }
    }

    long roundTripNanos() {
        long least = 0;
        for (long sample : roundTrips) {
            if (sample > 0 && (least == 0 || sample < least)) {
                least = sample;
            }
        }
        return least;
    }

    boolean hasHistory() {
        return recorded > 0;
    }

    /** Mean time of the last {@value #HISTORY} tasks, or 0 before the first. */
    long averageNanos() {
        return recorded == 0 ? 0 : recentSum / recorded;
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
        return !leaving && !full && inFlight.size() < window();
    }

    /** Expected time for one more task here: the average task time times the tasks ahead of it. */
    long expectedNanos() {
        return averageNanos() * (inFlight.size() + 1);
    }

    @Override
    public String toString() {
        return "node " + address;
    }
}
