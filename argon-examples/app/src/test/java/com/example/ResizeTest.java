package com.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.argon.client.ArgonClient;
import io.argon.junit.ArgonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ResizeTest {
    @RegisterExtension
    static final ArgonNode argon = ArgonNode.withWorkers(2);

    @Test
    void resizes(ArgonClient client) {
        assertThat(client.process(new Resize("cat", 64))).isEqualTo("cat@64");
    }
}
