package io.argon.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.argon.core.daemon.ControlService.ControlRefusedException;
import io.argon.core.net.InstantService;
import io.argon.core.net.TestLoop;
import io.argon.protocol.Control;
import io.argon.protocol.Done;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Json;
import io.argon.protocol.RawJson;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An operator's control requests take one path on either daemon: to its control service, and back as done or an error. */
class ClientRequestHandlerTest {
    private final TestLoop test = new TestLoop();
    private final InstantService service = new InstantService(RawJson.NULL);
    private CompletableFuture<RawJson> outcome;

    @AfterEach
    void close() {
        test.close();
    }

    private EmbeddedChannel connection() {
        return test.channel(new ClientRequestHandler("node", service, request -> outcome));
    }

    @Test
    void aControlRequestIsAnsweredDoneWithTheReportOnceItCompletes() {
        EmbeddedChannel channel = connection();
        outcome = new CompletableFuture<>();
        channel.writeInbound(new Control("c1", Control.Action.DRAIN));
        assertThat((Object) channel.readOutbound()).as("not before it is done").isNull();
        RawJson report = RawJson.of(Json.MAPPER.createObjectNode().put("drained", true));
        outcome.complete(report);
        assertThat((Object) channel.readOutbound()).isEqualTo(new Done("c1", report));
    }

    @Test
    void aRequestTheDaemonDoesNotCarryOutIsABadRequestAndOneThatFailsIsControlFailedWithItsReason() {
        EmbeddedChannel channel = connection();
        outcome = CompletableFuture.failedFuture(new ControlRefusedException("a manager does not drain: ask each node"));
        channel.writeInbound(new Control("c1", Control.Action.DRAIN));
        Failure refused = channel.readOutbound();
        assertThat(refused.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
        assertThat(refused.message()).isEqualTo("a manager does not drain: ask each node");

        outcome = CompletableFuture.<RawJson>failedFuture(new IllegalStateException("worker 3 failed to start"))
                .thenApply(report -> report); // wrapped in a CompletionException, as a later stage sees it
        assertThat(outcome).isCompletedExceptionally();
        channel.writeInbound(new Control("c2", Control.Action.RELOAD));
        Failure failed = channel.readOutbound();
        assertThat(failed.id()).isEqualTo("c2");
        assertThat(failed.kind()).isEqualTo(ErrorKind.CONTROL_FAILED);
        assertThat(failed.message()).as("the cause, not its wrapper").isEqualTo("worker 3 failed to start");

        outcome = CompletableFuture.failedFuture(new CompletionException(new NullPointerException()));
        channel.writeInbound(new Control("c3", Control.Action.RELOAD));
        assertThat(((Failure) channel.readOutbound()).message()).isEqualTo("java.lang.NullPointerException");
    }
}
