package io.argon.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** Client connections up to the limit; a connection exempted (a node's) stops counting, once. */
class ConnectionLimitTest {
    private final ConnectionLimit limit = new ConnectionLimit(2);

    @Test
    void connectionsPastTheLimitAreRefusedUntilOneCloses() {
        EmbeddedChannel first = new EmbeddedChannel();
        assertThat(limit.admit(first)).isTrue();
        assertThat(limit.admit(new EmbeddedChannel())).isTrue();
        assertThat(limit.admit(new EmbeddedChannel())).isFalse();
        first.close();
        assertThat(limit.open()).isEqualTo(1);
        assertThat(limit.admit(new EmbeddedChannel())).isTrue();
    }

    @Test
    void anExemptedConnectionStopsCountingAndItsCloseDoesNotCountTwice() {
        EmbeddedChannel node = new EmbeddedChannel();
        assertThat(limit.admit(node)).isTrue();
        assertThat(limit.admit(new EmbeddedChannel())).isTrue();
        limit.exempt(node);
        limit.exempt(node);
        assertThat(limit.open()).isEqualTo(1);
        assertThat(limit.admit(new EmbeddedChannel())).as("the node's place went to a client").isTrue();
        node.close();
        assertThat(limit.open()).isEqualTo(2);
        assertThat(limit.admit(new EmbeddedChannel())).isFalse();
    }
}
