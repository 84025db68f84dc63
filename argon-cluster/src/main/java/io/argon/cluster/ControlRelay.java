package io.argon.cluster;

import io.argon.protocol.Control;
import io.argon.protocol.Done;
import io.argon.protocol.Failure;
import io.argon.protocol.Message;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.event.Level;

/**
 * An operator's requests the manager passes on to its nodes (a reload, a drain, an undrain):
 * each is sent on the node's link under an id of the manager's, and completes with the node's
 * {@code done} or error, or fails if the node is lost first. On the manager's loop.
 */
final class ControlRelay implements NodeRegistry.Listener {
    /** A request sent and not yet answered: to which node. */
    private record Awaited(NodeTracker node, CompletableFuture<Message> answer) {
    }

    private final Map<String, Awaited> awaited = new HashMap<>();
    private long ids;

    ControlRelay(NodeRegistry registry) {
        registry.addListener(this);
    }

    /** Asks {@code node} to carry out {@code action}; completes with its {@link Done} or {@link Failure}. */
    CompletableFuture<Message> ask(NodeTracker node, Control.Action action) {
        String id = "control-" + (++ids);
        CompletableFuture<Message> answer = new CompletableFuture<>();
        awaited.put(id, new Awaited(node, answer));
        node.send(new Control(id, action));
        return answer;
    }

    /**
     * A message from {@code node}: returns whether it answers one of the requests passed on to
     * it (then it is taken), or is anything else (a task's answer).
     */
    boolean answered(NodeTracker node, Message reply) {
        if (!(reply instanceof Done || reply instanceof Failure) || reply.id() == null) {
            return false;
        }
        Awaited request = awaited.get(reply.id());
        if (request == null || request.node() != node) {
            return false;
        }
        awaited.remove(reply.id());
        request.answer().complete(reply);
        return true;
    }

    /** A node is gone: what it was asked and has not answered fails. */
    @Override
    public void lost(NodeTracker node, String why, Level level) {
        awaited.values().removeIf(request -> {
            if (request.node() != node) {
                return false;
            }
            request.answer().completeExceptionally(new IllegalStateException("lost " + node + " before it answered: " + why));
            return true;
        });
    }
}
