package io.argon.it;

import java.time.Duration;

/**
 * How long the ITs wait before they give up. Generous, for slow machines: a wait ends as soon
 * as what it waits for has happened, so these bound only a failing test.
 */
final class Timeouts {
    /** For a daemon to start and, for a node, to register with its managers. */
    static final Duration STARTUP = Duration.ofSeconds(60);
    /** How long any one test waits for answers before it gives up. */
    static final Duration ANSWERS = Duration.ofSeconds(60);

    private Timeouts() {
    }
}
