package io.argon.it;

import static io.argon.it.ManagerProcesses.startManager;
import static org.assertj.core.api.Assertions.assertThat;

import io.argon.bench.SimulatedNodes;
import io.argon.core.HostPort;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A manager with a thousand nodes, as an operator might run one: nodes must crowd out no
 * client, and a slow start must not keep a node out of work. The nodes are simulated over the
 * protocol (one connection each, answering at once), so that the manager alone is measured.
 */
class ManagerScaleIT {
    private static final int NODES = 1024;

    @Test
    void aThousandRegisteredNodesLeaveRoomForClientsAndEveryNodeGetsWork() throws Exception {
        try (ArgonProcess manager = startManager();
             SimulatedNodes nodes = SimulatedNodes.register(new HostPort("127.0.0.1", manager.port()), NODES, 1, null,
                     Duration.ofSeconds(60))) {
            manager.awaitStatus(NODES + " nodes registered", status -> status.get("nodes").size() == NODES, Timeouts.STARTUP);

            // With the default --max-connections (1024), clients still get in: the nodes do not count.
            try (ArgonProcess status = ArgonProcess.start("argon", "status", "-a", manager.address(), "--json")) {
                assertThat(status.waitFor(Duration.ofSeconds(60))).as(status.output()).isZero();
            }
            try (ArgonProcess bench = ArgonProcess.start("bench", "-a", manager.address(), "-n", "20000", "-c", "64",
                    "-d", "0", "--max-wait", "120")) {
                assertThat(bench.waitFor(Duration.ofSeconds(180))).as(bench.output()).isZero();
            }
            assertThat(nodes.idle()).as("nodes that got no task of 20,000").isZero();
            assertThat(manager.output()).doesNotContain("refusing client connections");
        }
    }
}
