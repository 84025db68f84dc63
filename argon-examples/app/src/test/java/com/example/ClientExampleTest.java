package com.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.argon.client.ArgonClient;
import io.argon.junit.ArgonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** README's client example, run against a node with real worker JVMs: it gives what README says it prints. */
class ClientExampleTest {
    @RegisterExtension
    static final ArgonNode argon = ArgonNode.withWorkers(2);

    @Test
    void runsAsReadmeShows(ArgonClient client) {
        assertThat(ClientExample.run(client)).isEqualTo("42 7 4950 4950 4950 timeout cancelled task_failed: boom");
    }
}
