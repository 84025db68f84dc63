package io.argon.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.core.daemon.ControlService;
import io.argon.protocol.Control;
import io.argon.protocol.Json;
import io.argon.protocol.RawJson;
import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;

/**
 * What a node does for an operator: a reload rolls its workers over to the task code on disk
 * ({@link WorkerRollout}); a drain tells its managers it is drained (they stop sending tasks but
 * keep it registered) and takes no new tasks, and completes once the ones it holds are done; an
 * undrain takes tasks again and tells its managers so. A request that names a node is for a
 * manager, and is refused here.
 */
final class NodeControls implements ControlService {
    private final EventLoop loop;
    private final NodeDispatcher dispatcher;
    private final ManagerLinks managers;

    NodeControls(EventLoop loop, NodeDispatcher dispatcher, ManagerLinks managers) {
        this.loop = loop;
        this.dispatcher = dispatcher;
        this.managers = managers;
    }

    @Override
    public CompletableFuture<RawJson> control(Control request) {
        if (request.node() != null) {
            return CompletableFuture.failedFuture(new ControlRefusedException("this is a node: a request naming a node ("
                    + request.node() + ") is for a manager; ask this node without one"));
        }
        Control.Action action = request.action();
        CompletableFuture<RawJson> done = new CompletableFuture<>();
        loop.execute(() -> {
            ObjectNode report = Json.MAPPER.createObjectNode().put("action", action.wireName());
            switch (action) {
                case RELOAD -> dispatcher.pool().reload().whenComplete((replaced, error) -> {
                    if (error != null) {
                        done.completeExceptionally(error);
                    } else {
                        done.complete(RawJson.of(report.put("workers_replaced", replaced)));
                    }
                });
                case DRAIN -> {
                    // Managers first, so that none sends a task the node would only turn away.
                    managers.drain();
                    dispatcher.pause().whenComplete((held, error) -> done.complete(RawJson.of(report.put("drained", true))));
                }
                case UNDRAIN -> {
                    boolean wasDrained = dispatcher.resume();
                    managers.undrain();
                    done.complete(RawJson.of(report.put("was_drained", wasDrained)));
                }
            }
        });
        return done;
    }
}
