package io.argon.cluster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.core.Plural;
import io.argon.protocol.Control;
import io.argon.protocol.Done;
import io.argon.protocol.Failure;
import io.argon.protocol.Json;
import io.argon.protocol.RawJson;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A manager's reload: every node registered when it starts is asked to reload, one node at a
 * time, the next only once the one before has answered {@code done}. A node that fails its
 * reload stops the roll there, so that code that does not start goes no further; the nodes
 * not reached keep what they run. Nodes that register meanwhile start with the code on disk
 * anyway. Reloads asked for during a roll run one after the other.
 *
 * <p>Each node's reload goes through the {@link ControlRelay}, which fails it if the node is
 * lost first. On the manager's loop.
 */
final class RollingReload {
    private static final Logger log = LoggerFactory.getLogger(RollingReload.class);

    private final NodeRegistry registry;
    private final ControlRelay relay;
    private CompletableFuture<?> last = CompletableFuture.completedFuture(null);

    RollingReload(NodeRegistry registry, ControlRelay relay) {
        this.registry = registry;
        this.relay = relay;
    }

    /** Starts a roll once the one before (if any) has ended; completes with the report of every node's reload. */
    CompletableFuture<RawJson> start() {
        CompletableFuture<RawJson> roll = last.handle((ignored, error) -> null).thenCompose(ignored -> roll());
        last = roll;
        return roll;
    }

    private CompletableFuture<RawJson> roll() {
        List<String> addresses = new ArrayList<>();
        registry.nodes().forEach(node -> addresses.add(node.address));
        log.info("reloading {} one at a time", Plural.of(addresses.size(), "node"));
        ObjectNode report = Json.MAPPER.createObjectNode().put("action", "reload");
        ArrayNode reloaded = report.putArray("nodes");
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (String address : addresses) {
            chain = chain.thenCompose(ignored -> reload(address)).thenAccept(reloaded::add);
        }
        return chain.thenApply(ignored -> {
            log.info("reloaded {}", Plural.of(reloaded.size(), "node"));
            return RawJson.of(report);
        });
    }

    /** Asks one node to reload and waits for its answer; a node gone or leaving is skipped. */
    private CompletableFuture<ObjectNode> reload(String address) {
        NodeTracker node = registry.node(address);
        ObjectNode entry = Json.MAPPER.createObjectNode().put("address", address);
        if (node == null || node.isLeaving()) {
            log.info("reload: skipping {}: it {}", address, node == null ? "has gone" : "is leaving");
            return CompletableFuture.completedFuture(entry.put("skipped", node == null ? "gone" : "leaving"));
        }
        log.info("reload: asking {} to reload", node);
        return relay.ask(node, Control.Action.RELOAD).thenApply(message -> {
            if (message instanceof Done done) {
                entry.setAll((ObjectNode) done.report().toTree());
                entry.remove("action");
                return entry;
            }
            throw new CompletionException(new IllegalStateException("reload stopped at node " + address + ": "
                    + ((Failure) message).message()));
        });
    }
}
