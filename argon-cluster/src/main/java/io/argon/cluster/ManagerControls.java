package io.argon.cluster;

import io.argon.core.daemon.ControlService;
import io.argon.protocol.Control;
import io.argon.protocol.RawJson;
import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;

/**
 * What a manager does for an operator: a reload rolls a reload over every node, one at a time
 * ({@link RollingReload}). A manager does not drain: its nodes do, each asked on its own.
 */
final class ManagerControls implements ControlService {
    private final EventLoop loop;
    private final RollingReload reloads;

    ManagerControls(EventLoop loop, RollingReload reloads) {
        this.loop = loop;
        this.reloads = reloads;
    }

    @Override
    public CompletableFuture<RawJson> control(Control.Action action) {
        if (action != Control.Action.RELOAD) {
            return CompletableFuture.failedFuture(new ControlRefusedException("a manager does not " + action.wireName()
                    + ": ask each node (argon " + action.wireName() + " -a NODE)"));
        }
        CompletableFuture<RawJson> done = new CompletableFuture<>();
        loop.execute(() -> reloads.start().whenComplete((report, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
            } else {
                done.complete(report);
            }
        }));
        return done;
    }
}
