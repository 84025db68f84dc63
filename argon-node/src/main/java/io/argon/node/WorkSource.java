package io.argon.node;

import io.argon.protocol.Message;

/**
 * What a {@link WorkerPool} tells of its workers, and where a free worker gets its next task:
 * the node's {@link NodeDispatcher}, which decides what becomes of tasks. Called on the loop.
 */
interface WorkSource {
    /** A worker is idle: start what waits, if anything does ({@link WorkerPool#tryRun} takes it). */
    void promote();

    /** The task's worker answered it. */
    void answered(NodeTask task, Message reply);

    /** The task's worker gave it back without starting it, when asked to (so that an idle worker runs it). */
    void takenBack(NodeTask task);

    /** The task's worker died while holding it; {@code cause} says how. */
    void workerDied(NodeTask task, String cause);

    /** A worker's JVM ended while the node runs (not because it stops); {@code why} says why. */
    void workerEnded(WorkerRestarts.Reason why);

    /** A worker came free or went away: the node may have drained. */
    void settled();

    /** No worker has been able to start for a while; {@code why} says what the last start did. */
    void noWorkers(String why);
}
