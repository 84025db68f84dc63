package io.argon.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.protocol.Control;
import io.argon.protocol.Status;
import io.argon.protocol.Tasks;
import java.util.concurrent.CompletableFuture;

/**
 * What an operator asks of the node or manager an {@link ArgonClient} talks to, over the
 * client's connection: its status, its task history, and drain, undrain and reload. Each
 * answer is a JSON tree (the fields are in docs/PROTOCOL.md), or fails with an
 * {@link ArgonException}. Get one from {@link ArgonClient#daemon()}.
 */
public final class DaemonOperations {
    private final Calls calls;

    DaemonOperations(Calls calls) {
        this.calls = calls;
    }


    /**
     * Asks the node or manager what it is doing; the future completes with its status report
     * (see docs/PROTOCOL.md for the fields). Answered at once, however busy the daemon is.
     *
     * @return the status report, as a JSON tree, or an {@link ArgonException} (a {@link ConnectionException} when no
     *         daemon can be reached)
     */
    public CompletableFuture<JsonNode> status() {
        return calls.request(new Status(calls.nextId()));
    }

    /**
     * Searches the daemon's task history (see docs/HISTORY.md): the newest tasks that ended and
     * match, newest first, without their stack traces.
     *
     * @param taskId    only tasks with this id (a client's own: tasks of two clients may share one), or null
     * @param taskClass only tasks of this class, by its full or simple name, or null
     * @param outcome   {@code failed} for every error, one outcome ({@code result}, {@code timeout}, ...), or null for all
     * @param limit     the most tasks to answer, up to 1,000; 0 for 100
     * @return {@code {"tasks": [...], "kept": n, "max": n, "dropped": n}} as a JSON tree, or an
     *         {@link ArgonException} (from a daemon that keeps no history, one that says so)
     */
    public CompletableFuture<JsonNode> history(String taskId, String taskClass, String outcome, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 or more, got " + limit);
        }
        return calls.request(new Tasks(calls.nextId(), taskId, taskClass, outcome, limit, 0));
    }

    /**
     * One task of the daemon's history, with the stack trace of a task that threw.
     *
     * @param seq the number the history keeps it under, as {@link #history} gives it ({@code seq})
     * @return the task as a JSON tree, or an {@link ArgonException} when the history no longer has it
     */
    public CompletableFuture<JsonNode> historyTask(long seq) {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be 1 or more, got " + seq);
        }
        return calls.request(new Tasks(calls.nextId(), null, null, null, 0, seq));
    }

    /**
     * Asks the daemon to roll its workers over to the task code as it is on disk now, one at a
     * time (a manager: every node, one at a time). Completes, once done, with what was done.
     * Never sent to another address.
     *
     * @return the daemon's report of what was reloaded, or an {@link ArgonException} (kind
     *         {@link FailureKind#CONTROL_FAILED} when it could not be done)
     */
    public CompletableFuture<JsonNode> reload() {
        return reload(null);
    }

    /**
     * Asks a manager to have one of its registered nodes reload (see {@link #reload()});
     * {@code node} is its address as the manager's status lists it, or null for the daemon itself.
     *
     * @param node the node's address, as the manager's status lists it; null for the daemon itself
     * @return the report of what was reloaded, or an {@link ArgonException} (kind {@link FailureKind#CONTROL_FAILED}
     *         when it could not be done)
     */
    public CompletableFuture<JsonNode> reload(String node) {
        return control(Control.Action.RELOAD, node);
    }

    /**
     * Asks a node to take no new tasks (its managers stop sending them, and show it drained) and
     * finish what it holds; completes once it holds nothing. The node stays up until
     * {@link #undrain()}.
     *
     * @return the daemon's report, once the node holds no task, or an {@link ArgonException} (kind
     *         {@link FailureKind#CONTROL_FAILED} when it could not be done)
     */
    public CompletableFuture<JsonNode> drain() {
        return drain(null);
    }

    /**
     * Asks a manager to drain one of its registered nodes (see {@link #drain()}), by its address.
     *
     * @param node the node's address, as the manager's status lists it; null for the daemon itself
     * @return the report, once the node holds no task, or an {@link ArgonException} (kind
     *         {@link FailureKind#CONTROL_FAILED} when it could not be done)
     */
    public CompletableFuture<JsonNode> drain(String node) {
        return control(Control.Action.DRAIN, node);
    }

    /**
     * Asks a drained node to take tasks again (and tells its managers so).
     *
     * @return the daemon's report, or an {@link ArgonException} (kind {@link FailureKind#CONTROL_FAILED} when it could
     *         not be done)
     */
    public CompletableFuture<JsonNode> undrain() {
        return undrain(null);
    }

    /**
     * Asks a manager to undrain one of its registered nodes (see {@link #undrain()}), by its address.
     *
     * @param node the node's address, as the manager's status lists it; null for the daemon itself
     * @return the report, or an {@link ArgonException} (kind {@link FailureKind#CONTROL_FAILED} when it could not be
     *         done)
     */
    public CompletableFuture<JsonNode> undrain(String node) {
        return control(Control.Action.UNDRAIN, node);
    }

    private CompletableFuture<JsonNode> control(Control.Action action, String node) {
        return calls.request(new Control(calls.nextId(), action, node));
    }

}
