package io.argon.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import io.argon.node.EmbeddedNode;
import io.argon.task.Task;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code @ExtendWith(ArgonNode.class)}: one worker, and the node and a client for the asking. */
@ExtendWith(ArgonNode.class)
class ArgonNodeTest {
    /** A task defined in the test itself: the workers see the test's classpath. */
    record Twice(int n) implements Task<Integer> {
        @Override
        public Integer run() {
            return 2 * n;
        }
    }

    @Test
    void theNodeHasOneWorkerAndRunsTheTestsOwnTasks(EmbeddedNode node, ArgonClient client) throws Exception {
        assertThat(node.address().host()).isEqualTo("127.0.0.1");
        JsonNode status = client.daemon().status().get(10, TimeUnit.SECONDS);
        assertThat(status.get("workers").asInt()).isEqualTo(1);
        assertThat(client.process(new Twice(21))).isEqualTo(42);
    }

    @Test
    void everyTestOfTheClassSharesTheNode(EmbeddedNode node, ArgonClient client) throws Exception {
        assertThat(client.process(new Twice(1))).isEqualTo(2);
        assertThat(node.port()).isPositive();
    }
}
