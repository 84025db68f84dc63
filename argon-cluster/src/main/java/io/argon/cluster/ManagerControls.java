package io.argon.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.core.daemon.ControlService;
import io.argon.protocol.Control;
import io.argon.protocol.Done;
import io.argon.protocol.Failure;
import io.argon.protocol.Json;
import io.argon.protocol.RawJson;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What a manager does for an operator. A reload with no node named rolls a reload over every
 * node, one at a time ({@link RollingReload}). A request that names a registered node (a reload,
 * a drain, an undrain) is passed on to it over its link ({@link ControlRelay}), so that an
 * operator who reaches only the manager can still act on each node. A drain or undrain with no
 * node named is refused: drain the nodes you mean, by name.
 */
final class ManagerControls implements ControlService {
    /** How many registered nodes a refusal lists before it stops. */
    private static final int LISTED = 10;

    private final EventLoop loop;
    private final NodeRegistry registry;
    private final ControlRelay relay;
    private final RollingReload reloads;

    ManagerControls(EventLoop loop, NodeRegistry registry, ControlRelay relay, RollingReload reloads) {
        this.loop = loop;
        this.registry = registry;
        this.relay = relay;
        this.reloads = reloads;
    }

    @Override
    public CompletableFuture<RawJson> control(Control request) {
        String action = request.action().wireName();
        if (request.node() == null && request.action() != Control.Action.RELOAD) {
            return CompletableFuture.failedFuture(new ControlRefusedException("a manager does not " + action
                    + " itself: name the node (argon " + action + " -a MANAGER --node NODE, or --all-nodes)"));
        }
        CompletableFuture<RawJson> done = new CompletableFuture<>();
        loop.execute(() -> {
            CompletableFuture<RawJson> outcome = request.node() == null ? reloads.start() : passOn(request);
            outcome.whenComplete((report, error) -> {
                if (error != null) {
                    done.completeExceptionally(error);
                } else {
                    done.complete(report);
                }
            });
        });
        return done;
    }

    /** Passes the request on to the node it names; completes with the node's report, under its address. */
    private CompletableFuture<RawJson> passOn(Control request) {
        NodeTracker node = registry.node(request.node());
        if (node == null) {
            List<String> registered = registry.nodes().stream().map(known -> known.address).limit(LISTED).toList();
            return CompletableFuture.failedFuture(new ControlRefusedException("no node " + request.node()
                    + " is registered with this manager (" + (registered.isEmpty() ? "none is" : "registered: "
                    + String.join(", ", registered) + (registry.nodes().size() > LISTED ? ", ..." : "")) + ")"));
        }
        return relay.ask(node, request.action()).thenApply(answer -> {
            if (answer instanceof Done nodeDone) {
                ObjectNode report = Json.MAPPER.createObjectNode().put("action", request.action().wireName());
                ObjectNode entry = report.putArray("nodes").addObject().put("address", node.address);
                entry.setAll((ObjectNode) nodeDone.report().toTree());
                entry.remove("action");
                return RawJson.of(report);
            }
            throw new CompletionException(new IllegalStateException(node + ": " + ((Failure) answer).message()));
        });
    }
}
