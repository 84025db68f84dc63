package io.argon.cli;

import io.argon.client.ClientOptions;
import io.argon.client.SubmitOptions;
import io.argon.core.cli.CompletionCandidates;
import io.argon.task.Priority;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How the {@code argon} commands that run tasks send each one: its priority, its timeout, and how often a rejection is retried. */
final class TaskOptions {
    @Option(names = "--priority", defaultValue = "normal", completionCandidates = CompletionCandidates.Priorities.class,
            description = "max, high, normal, low or min (default: ${DEFAULT-VALUE}).")
    String priority;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0",
            description = "Each task's timeout, sent with it: past it the task is stopped and the answer is a timeout; 0 = none (default).")
    double timeoutSeconds;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "-1", description = "Times to retry a rejected task; -1 = no limit (default).")
    int retries;

    @Option(names = "--idempotent",
            description = "The task is safe to run more than once: if its worker or node is lost, it runs again (up to the daemon's "
                    + "--max-attempts) instead of failing with worker_died or node_lost.")
    boolean idempotent;

    /** The client's options: how many times a rejected task is sent again. */
    ClientOptions clientOptions() {
        return ClientOptions.defaults().withMaxRetries(retries);
    }

    /** What is sent with each task. */
    SubmitOptions submitOptions(CommandSpec spec) {
        return new SubmitOptions(priority(spec), idempotent, timeout(spec), 0);
    }

    /** The timeout, in whole milliseconds; zero for none. */
    Duration timeout(CommandSpec spec) {
        if (!(timeoutSeconds >= 0) || timeoutSeconds > Duration.ofDays(365).toSeconds()) {
            throw new ParameterException(spec.commandLine(), "--timeout must be between 0 and a year of seconds, got " + timeoutSeconds);
        }
        Duration timeout = Duration.ofNanos((long) (timeoutSeconds * 1e9));
        if (!timeout.isZero() && timeout.toMillis() < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout must be 0 or at least 0.001 seconds, got " + timeoutSeconds);
        }
        return Duration.ofMillis(timeout.toMillis());
    }

    private Priority priority(CommandSpec spec) {
        try {
            return Priority.fromWire(priority);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
