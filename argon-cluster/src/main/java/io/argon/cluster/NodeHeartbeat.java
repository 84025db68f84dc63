package io.argon.cluster;

/**
 * Whether one node is alive, as the manager's heartbeats tell: when it was last heard from, how
 * many pings in a row it has left unanswered, and how long its pings take to come back.
 *
 * <p>A node is pinged at every interval while it holds tasks, until its round trip is known, and
 * once it has missed a ping; an idle node that answers and knows its round trip only every
 * {@link #IDLE_PING_EVERY} intervals, in one of that many phases so that the pings to many idle
 * nodes do not all go out at the same tick. A ping is missed when nothing at all came from the
 * node by the next heartbeat. So a node that holds a task and freezes is lost as before, within
 * one interval more than the misses allowed; a frozen idle node, within
 * {@link #IDLE_PING_EVERY} intervals more. Not thread-safe: the manager's loop owns it.
 */
final class NodeHeartbeat {
    /** An idle node that answers and whose round trip is known is pinged once in this many intervals. */
    static final int IDLE_PING_EVERY = 5;
    /** Round trips kept; the estimate is the least of them. */
    static final int ROUND_TRIP_SAMPLES = 4;

    /** Which of the {@link #IDLE_PING_EVERY} ticks pings it while it is idle. */
    private final int phase;
    private long lastHeardNanos;
    /** A ping went out and nothing came from the node since. */
    private boolean awaitingAnswer;
    /** Heartbeats in a row at which its last ping was unanswered. */
    private int misses;
    /** The last ping, and when it was sent: only its pong is timed. */
    private String pingId;
    private long pingSentNanos;
    private final long[] roundTrips = new long[ROUND_TRIP_SAMPLES];
    private int roundTripCount;

    NodeHeartbeat(int phase, long nowNanos) {
        this.phase = Math.floorMod(phase, IDLE_PING_EVERY);
        this.lastHeardNanos = nowNanos;
    }

    /** Something came from the node now: whatever it was, it answers the pings before it. */
    void heard(long nowNanos) {
        lastHeardNanos = nowNanos;
        awaitingAnswer = false;
        misses = 0;
    }

    /**
     * A heartbeat: if the last ping is still unanswered, that is one more miss. Returns the
     * misses in a row. A manager that was itself stalled passes {@code count} false: the
     * silence was not the node's.
     */
    int countMiss(boolean count) {
        if (awaitingAnswer && count) {
            misses++;
        }
        return misses;
    }

    /** Whether heartbeat number {@code tick} pings it, given whether it holds tasks. */
    boolean pingDue(long tick, boolean holdsTasks) {
        return holdsTasks || misses > 0 || roundTripCount <= ROUND_TRIP_SAMPLES
                || Math.floorMod(tick + phase, IDLE_PING_EVERY) == 0;
    }

    /** A ping went out now. */
    void pingSent(String id, long nowNanos) {
        awaitingAnswer = true;
        pingId = id;
        pingSentNanos = nowNanos;
    }

    /** A pong came back: if it answers the last ping, its round trip counts. */
    void pongReceived(String id, long nowNanos) {
        if (id.equals(pingId)) {
            pingId = null;
            recordRoundTrip(nowNanos - pingSentNanos);
        }
    }

    /**
     * Records a ping's round trip. The first is dropped (it pays for cold code on both sides,
     * often 20x the rest), and the estimate is the least of the last few: a ping delayed behind
     * a burst of tasks says nothing about the network.
     */
    void recordRoundTrip(long nanos) {
        if (roundTripCount++ > 0) {
            roundTrips[roundTripCount % ROUND_TRIP_SAMPLES] = nanos;
        }
    }

    /** The least of its last round trips, or 0 before the first that counts. */
    long roundTripNanos() {
        long least = 0;
        for (long sample : roundTrips) {
            if (sample > 0 && (least == 0 || sample < least)) {
                least = sample;
            }
        }
        return least;
    }

    /** When it was last heard from, on the manager's ticker. */
    long lastHeardNanos() {
        return lastHeardNanos;
    }
}
