package io.argon.core.net;

import io.argon.core.daemon.ClientService;
import io.argon.core.daemon.ControlService;
import io.argon.core.daemon.Submission;
import io.argon.core.daemon.TaskStats;
import io.argon.protocol.Cancel;
import io.argon.protocol.Control;
import io.argon.protocol.Json;
import io.argon.protocol.RawJson;
import io.argon.protocol.Result;
import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;

/**
 * A daemon's client service that answers every task at once with the same result, as a daemon
 * would, and every control request with a report naming its action.
 */
public final class InstantService implements ClientService, ControlService {
    private final RawJson result;
    private final TaskStats stats = new TaskStats();

    public InstantService(RawJson result) {
        this.result = result;
    }

    @Override
    public void submit(Submission task) {
        task.answer(new Result(task.request().id(), result));
    }

    @Override
    public void cancel(Channel client, Cancel cancel) {
    }

    @Override
    public void disconnected(Channel client) {
    }

    @Override
    public RawJson status() {
        return RawJson.EMPTY_OBJECT;
    }

    @Override
    public TaskStats stats() {
        return stats;
    }

    @Override
    public CompletableFuture<RawJson> control(Control request) {
        return CompletableFuture.completedFuture(RawJson.of(Json.MAPPER.createObjectNode().put("action", request.action().wireName())));
    }
}
