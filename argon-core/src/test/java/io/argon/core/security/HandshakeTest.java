package io.argon.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.argon.core.net.TestLoop;
import io.argon.protocol.Auth;
import io.argon.protocol.Challenge;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Message;
import io.argon.protocol.Ping;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared-secret handshake, with a daemon's end and a client's end passing messages by hand. */
class HandshakeTest {
    private static final Secret SECRET = Secret.of("correct horse battery staple".getBytes(StandardCharsets.UTF_8));
    private static final Secret OTHER = Secret.of("a different secret, also long".getBytes(StandardCharsets.UTF_8));

    private final TestLoop test = new TestLoop();

    /** What reached the handler behind the handshake. */
    private static final class Role extends ChannelInboundHandlerAdapter {
        boolean active;
        final List<Object> read = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            active = true;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            read.add(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.add(cause);
        }
    }

    private final Role daemonRole = new Role();
    private final Role clientRole = new Role();

    @AfterEach
    void close() {
        test.close();
    }

    private EmbeddedChannel daemon(Secret secret) {
        return test.channel(new ServerAuthHandler(secret, 65536, null), daemonRole);
    }

    private EmbeddedChannel client(Secret secret) {
        return test.channel(new ClientAuthHandler(secret), clientRole);
    }

    /** Carries messages between the two ends until neither has more to say. */
    private static void converse(EmbeddedChannel daemon, EmbeddedChannel client) {
        for (int round = 0; round < 10; round++) {
            boolean moved = false;
            Object message;
            while ((message = daemon.readOutbound()) != null) {
                client.writeInbound(message);
                moved = true;
            }
            while ((message = client.readOutbound()) != null) {
                daemon.writeInbound(message);
                moved = true;
            }
            if (!moved) {
                return;
            }
        }
    }

    @Test
    void bothEndsThatKnowTheSecretGetInAndOnlyThenSeeTheConnection() {
        EmbeddedChannel daemon = daemon(SECRET);
        EmbeddedChannel client = client(SECRET);
        assertThat(daemonRole.active).isFalse();
        converse(daemon, client);
        assertThat(daemonRole.active).isTrue();
        assertThat(clientRole.active).isTrue();
        assertThat(daemon.pipeline().get(ServerAuthHandler.class)).isNull();
        assertThat(client.pipeline().get(ClientAuthHandler.class)).isNull();
        daemon.writeInbound(new Ping("p"));
        assertThat(daemonRole.read).containsExactly(new Ping("p"));
    }

    @Test
    void aWrongSecretIsRefusedAndNothingPassesEitherWay() {
        EmbeddedChannel daemon = daemon(SECRET);
        EmbeddedChannel client = client(OTHER);
        converse(daemon, client);
        assertThat(daemon.isOpen()).isFalse();
        assertThat(daemonRole.active).isFalse();
        assertThat(clientRole.active).isFalse();
        assertThat(clientRole.errors).singleElement().isInstanceOf(ClientAuthHandler.AuthenticationException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("refused this side's secret").contains("unauthorized"));
    }

    @Test
    void anythingSentBeforeTheProofIsAnsweredUnauthorizedUnderItsIdAndTheConnectionCloses() {
        EmbeddedChannel daemon = daemon(SECRET);
        assertThat((Object) daemon.readOutbound()).isInstanceOf(Challenge.class);
        daemon.writeInbound(new Ping("early"));
        Failure refused = daemon.readOutbound();
        assertThat(refused.id()).isEqualTo("early");
        assertThat(refused.kind()).isEqualTo(ErrorKind.UNAUTHORIZED);
        assertThat(daemon.isOpen()).isFalse();
        assertThat(daemonRole.read).isEmpty();
    }

    @Test
    void aRecordedProofDoesNotOpenAnotherConnection() {
        EmbeddedChannel first = daemon(SECRET);
        EmbeddedChannel client = client(SECRET);
        Challenge challenge = first.readOutbound();
        client.writeInbound(challenge);
        Auth recorded = client.readOutbound();
        first.writeInbound(recorded);
        assertThat(first.isOpen()).isTrue();

        // A fresh connection has a fresh challenge: the recorded proof is for another.
        EmbeddedChannel second = test.channel(new ServerAuthHandler(SECRET, 65536, null), new Role());
        second.readOutbound();
        second.writeInbound(recorded);
        assertThat(((Failure) second.readOutbound()).kind()).isEqualTo(ErrorKind.UNAUTHORIZED);
        assertThat(second.isOpen()).isFalse();
    }

    @Test
    void aDaemonThatCannotProveTheSecretIsNotTrustedByTheClient() {
        EmbeddedChannel client = client(SECRET);
        client.writeInbound(new Challenge("auth", Secret.nonce()));
        assertThat((Object) client.readOutbound()).isInstanceOf(Auth.class);
        client.writeInbound(new io.argon.protocol.Authenticated("auth", new byte[32]));
        assertThat(clientRole.active).isFalse();
        assertThat(clientRole.errors).singleElement().satisfies(e -> assertThat(e.getMessage()).contains("could not prove"));
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void aDaemonThatDoesNotOpenWithAChallengeIsNotTalkedTo() {
        EmbeddedChannel client = client(SECRET);
        client.writeInbound(new io.argon.protocol.Submit("t", "C", null, null, false));
        assertThat(clientRole.read).as("a fake daemon's task goes nowhere").isEmpty();
        assertThat(clientRole.errors).singleElement().satisfies(e -> assertThat(e.getMessage()).contains("did not open with the handshake"));
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void aPeerThatDoesNotAnswerTheChallengeIsClosedAfterTheTimeout() {
        EmbeddedChannel daemon = daemon(SECRET);
        test.advance(ServerAuthHandler.TIMEOUT.minusMillis(1));
        assertThat(daemon.isOpen()).isTrue();
        test.advanceMillis(1);
        assertThat(daemon.isOpen()).isFalse();
        Message challenge = daemon.readOutbound();
        assertThat(challenge).isInstanceOf(Challenge.class);
        assertThat(((Failure) daemon.readOutbound()).kind()).isEqualTo(ErrorKind.UNAUTHORIZED);
    }
}
