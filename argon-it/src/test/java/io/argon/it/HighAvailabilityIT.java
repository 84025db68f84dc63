package io.argon.it;

import static io.argon.it.ManagerProcesses.awaitRegisteredNodes;
import static io.argon.it.ManagerProcesses.startManager;
import static io.argon.it.Tasks.SAMPLE;
import static io.argon.it.Tasks.sample;
import static io.argon.it.Timeouts.ANSWERS;
import static io.argon.it.Timeouts.STARTUP;
import static org.assertj.core.api.Assertions.assertThat;

import io.argon.client.ArgonClient;
import io.argon.client.ClientOptions;
import io.argon.client.OutcomeUnknownException;
import io.argon.client.SubmitOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two managers, two nodes registered with both, and a client given both addresses: the
 * manager in use is killed with SIGKILL in the middle of a run.
 */
class HighAvailabilityIT {
    private static final int TASKS = 2000;
    private final List<ArgonProcess> managers = new ArrayList<>();
    private final List<ArgonProcess> nodes = new ArrayList<>();

    @BeforeEach
    void startTwoManagersAndTwoNodesRegisteredWithBoth() throws Exception {
        managers.add(startManager());
        managers.add(startManager());
        String both = "127.0.0.1:" + managers.get(0).port() + ",127.0.0.1:" + managers.get(1).port();
        for (int i = 0; i < 2; i++) {
            ArgonProcess node = ArgonProcess.startNode("-w", "2", "-m", both);
            nodes.add(node);
        }
        for (ArgonProcess node : nodes) {
            node.awaitStatus("registered with both managers", ManagerProcesses::registeredWithAll, STARTUP);
        }
        awaitRegisteredNodes(managers.get(0), 2);
        awaitRegisteredNodes(managers.get(1), 2);
    }

    @AfterEach
    void stopAll() {
        nodes.forEach(Quietly::close);
        managers.forEach(Quietly::close);
    }

    private ArgonClient clientOfBoth() {
        return new ArgonClient(List.of(managers.get(0).address(), managers.get(1).address()), ClientOptions.defaults());
    }

    /** Runs {@code TASKS} 10 ms tasks, 32 in flight, and kills the first manager (the one in use) after 500 answers. */
    private List<TaskLoad.Outcome> runAndKillTheManagerInUse(SubmitOptions options) throws Exception {
        try (ArgonClient client = clientOfBoth()) {
            TaskLoad load = TaskLoad.start(TASKS, 32, Duration.ofSeconds(120), i -> client.submit(SAMPLE, sample(i, 0.01), options));
            load.awaitAnswered(500, ANSWERS);
            long killedAt = System.nanoTime();
            managers.get(0).kill();
            load.awaitAnswered(TASKS, Duration.ofSeconds(120));
            List<TaskLoad.Outcome> outcomes = load.stop(ANSWERS);
            // Measured, not asserted (a wall-clock bound would make the test flaky on a loaded machine).
            long resumed = outcomes.stream().filter(o -> o.sentNanos() > killedAt && !o.failed())
                    .mapToLong(TaskLoad.Outcome::answeredNanos).min().orElseThrow();
            long lastSecond = outcomes.stream().filter(o -> o.answeredNanos() > resumed && o.answeredNanos() <= resumed + 1_000_000_000L)
                    .count();
            long secondBefore = outcomes.stream().filter(o -> o.answeredNanos() > killedAt - 1_000_000_000L && o.answeredNanos() <= killedAt)
                    .count();
            System.out.printf("HighAvailabilityIT: the first task sent after the kill was answered %.0f ms after it; "
                    + "%d answers in the second after that, %d in the second before the kill%n", (resumed - killedAt) / 1e6,
                    lastSecond, secondBefore);
            return outcomes;
        }
    }

    @Test
    void idempotentTasksAllGetTheirResultWhenTheManagerInUseIsKilled() throws Exception {
        List<TaskLoad.Outcome> outcomes = runAndKillTheManagerInUse(SubmitOptions.DEFAULT.asIdempotent());
        assertThat(outcomes).hasSize(TASKS);
        assertThat(outcomes).filteredOn(TaskLoad.Outcome::failed).as("errors").isEmpty();
        for (TaskLoad.Outcome outcome : outcomes) {
            assertThat(outcome.result().asInt()).as("task " + outcome.index()).isEqualTo(outcome.index());
        }
        assertThat(managers.get(0).process().isAlive()).isFalse();
    }

    @Test
    void otherTasksInFlightThroughTheDeadManagerAreAnsweredOutcomeUnknownAndEveryOtherOneRuns() throws Exception {
        List<TaskLoad.Outcome> outcomes = runAndKillTheManagerInUse(SubmitOptions.DEFAULT);
        assertThat(outcomes).as("each task answered exactly once").hasSize(TASKS)
                .extracting(TaskLoad.Outcome::index).doesNotHaveDuplicates();
        List<TaskLoad.Outcome> failed = outcomes.stream().filter(TaskLoad.Outcome::failed).toList();
        assertThat(failed).as("the tasks in flight through the dead manager").isNotEmpty().hasSizeLessThanOrEqualTo(32)
                .allSatisfy(outcome -> assertThat(outcome.error()).isInstanceOf(OutcomeUnknownException.class)
                        .hasMessageContaining("may or may not have run"));
        outcomes.stream().filter(outcome -> !outcome.failed())
                .forEach(outcome -> assertThat(outcome.result().asInt()).isEqualTo(outcome.index()));
    }

    @Test
    void aClientMovesOnWhenTheFirstAddressRefusesAndStatusShowsBothManagers() throws Exception {
        managers.get(0).kill();
        managers.get(0).waitFor(Duration.ofSeconds(30));
        try (ArgonClient client = clientOfBoth()) {
            assertThat(client.process(SAMPLE, sample(7, 0)).asInt()).isEqualTo(7);
            assertThat(client.daemon().status().get(10, TimeUnit.SECONDS).get("role").asText()).isEqualTo("manager");
        }
        assertThat(nodes.get(0).status().get("managers")).hasSize(2);
    }
}
