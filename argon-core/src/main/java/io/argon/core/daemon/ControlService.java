package io.argon.core.daemon;

import io.argon.protocol.Control;
import io.argon.protocol.RawJson;
import io.argon.protocol.Tasks;
import java.util.concurrent.CompletableFuture;

/**
 * What a daemon does for an operator: the {@code control} requests (reload, drain, undrain),
 * from {@code argon reload|drain|undrain} or, for a reload, SIGHUP. A node acts on its own
 * workers; a manager on its nodes. Both daemons' requests take the same path: the
 * {@link ClientRequestHandler} hands them here and answers {@code done} or an error.
 */
public interface ControlService {
    /**
     * Carries out the request. Completes with the report a {@code done} answer carries, or
     * fails: with a {@link ControlRefusedException} when this daemon does not do that (answered
     * {@code bad_request}), with anything else when it tried and could not ({@code control_failed}).
     * May be called from any thread; completes on the daemon's loop.
     */
    CompletableFuture<RawJson> control(Control request);

    /**
     * Answers a search of the daemon's task history ({@code argon tasks}) with its report; by
     * default, a daemon keeps none and refuses. May be called from any thread.
     */
    default CompletableFuture<RawJson> tasks(Tasks query) {
        return CompletableFuture.failedFuture(new ControlRefusedException("this daemon keeps no task history (--history 0)"));
    }

    /** This daemon does not carry out that request; the message says what to do instead. */
    final class ControlRefusedException extends RuntimeException {
        public ControlRefusedException(String message) {
            super(message);
        }
    }
}
