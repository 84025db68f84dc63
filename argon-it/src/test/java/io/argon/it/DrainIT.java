package io.argon.it;

import static io.argon.it.ManagerProcesses.awaitRegisteredNodes;
import static io.argon.it.ManagerProcesses.startManager;
import static io.argon.it.ManagerProcesses.startNodes;
import static io.argon.it.Tasks.SLEEP_PID;
import static io.argon.it.Tasks.sleepPid;
import static io.argon.it.Timeouts.ANSWERS;
import static io.argon.it.Timeouts.STARTUP;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code argon drain} and {@code argon undrain} on one of two nodes behind a manager, under load. */
class DrainIT {
    @Test
    void aDrainedNodeGetsNoNewTaskCostsNoErrorAndComesBackWhenUndrained() throws Exception {
        ArgonProcess manager = startManager();
        List<ArgonProcess> nodes = List.of();
        try {
            nodes = startNodes(manager.port(), List.of(List.of("-w", "2", "-i", Tasks.testClasses()),
                    List.of("-w", "2", "-i", Tasks.testClasses())));
            awaitRegisteredNodes(manager, 2);
            ArgonProcess drained = nodes.get(0);
            Set<Long> drainedPids = drained.workerPids();
            try (ArgonClient client = new ArgonClient("127.0.0.1", manager.port())) {
                // Pid tasks that take 20 ms: each answer says which worker JVM ran it.
                TaskLoad load = TaskLoad.start(100_000, 8, Duration.ofSeconds(120), i -> client.submit(SLEEP_PID, sleepPid(0.02)));
                load.awaitAnswered(200, ANSWERS);

                ArgonProcess drain = ArgonProcess.start("argon", "drain", "-a", drained.address());
                assertThat(drain.waitFor(Duration.ofSeconds(60))).as(drain.output()).isZero();
                long drainedAt = System.nanoTime();
                assertThat(drain.output()).contains("\"drained\":true");
                JsonNode status = drained.status();
                assertThat(status.get("draining").asBoolean()).isTrue();
                assertThat(status.get("busy").asInt() + status.get("queued").asInt()).as("it holds nothing").isZero();
                manager.awaitStatus("the drained node let go", s -> s.get("nodes").size() == 1, ANSWERS);
                load.awaitAnswered(load.answered() + 300, ANSWERS);

                long undrainAsked = System.nanoTime();
                ArgonProcess undrain = ArgonProcess.start("argon", "undrain", "-a", drained.address());
                assertThat(undrain.waitFor(Duration.ofSeconds(60))).as(undrain.output()).isZero();
                awaitRegisteredNodes(manager, 2);
                drained.awaitStatus("taking tasks again", s -> !s.has("draining") && s.get("tasks").get("result").asLong() > 0, STARTUP);
                load.awaitAnswered(load.answered() + 300, ANSWERS);
                List<TaskLoad.Outcome> outcomes = load.stop(ANSWERS);

                assertThat(outcomes).filteredOn(TaskLoad.Outcome::failed).as("errors").isEmpty();
                List<TaskLoad.Outcome> whileDrained = outcomes.stream()
                        .filter(o -> o.sentNanos() > drainedAt && o.answeredNanos() < undrainAsked).toList();
                assertThat(whileDrained).as("sent and answered while drained").hasSizeGreaterThan(100)
                        .allSatisfy(o -> assertThat(drainedPids).doesNotContain(o.result().asLong()));
                assertThat(client.status().get(10, TimeUnit.SECONDS).get("nodes")).hasSize(2);
            }
        } finally {
            nodes.forEach(Quietly::close);
            manager.close();
        }
    }
}
