package io.argon.it;

import static io.argon.it.Tasks.SAMPLE;
import static io.argon.it.Tasks.sample;
import static io.argon.it.Timeouts.STARTUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.client.ArgonClient;
import io.argon.client.ClientOptions;
import io.argon.client.ConnectionException;
import io.argon.client.OutcomeUnknownException;
import io.argon.core.security.Secret;
import io.argon.core.security.TlsConfig;
import io.argon.protocol.FrameStream;
import io.argon.protocol.Messages;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only those who know the secret run tasks, TLS on every link, and what a stranger can make a
 * daemon hold is bounded: real nodes and managers, the secret in files, certificates made by
 * the test.
 */
class SecurityIT {
    private static final String RECORD = "io.argon.it.tasks.Record";

    @TempDir
    static Path dir;
    static Path secretFile;
    static Path otherSecretFile;
    static Secret secret;
    static Secret otherSecret;
    static TestCertificates certificates;

    @BeforeAll
    static void secretsAndCertificates() throws Exception {
        secretFile = writeSecret("secret", "it's a secret to everybody, 2026");
        otherSecretFile = writeSecret("other", "not the same secret, not at all");
        secret = Secret.fromFile(secretFile);
        otherSecret = Secret.fromFile(otherSecretFile);
        certificates = TestCertificates.create(dir);
    }

    private static Path writeSecret(String name, String value) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static ClientOptions withSecret(Secret secret) {
        return ClientOptions.defaults().withSecret(secret);
    }

    private static Map<String, Object> record(Path log, String mark) {
        return Map.of("log", log.toString(), "mark", mark, "delay", 0);
    }

    // ---- the shared secret ----

    @Test
    void aNodeWithASecretRunsTasksOnlyForClientsThatKnowIt() throws Exception {
        Path log = dir.resolve("runs-secret.log");
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1", "-i", Tasks.testClasses(), "--secret-file", secretFile.toString())) {
            try (ArgonClient stranger = new ArgonClient("127.0.0.1", node.port(), ClientOptions.defaults().withSecret(null))) {
                assertThatThrownBy(() -> stranger.process(RECORD, record(log, "stranger")))
                        .isInstanceOf(ConnectionException.class).hasMessageContaining("asks for the shared secret")
                        .hasMessageContaining("did not run");
            }
            try (ArgonClient wrong = new ArgonClient("127.0.0.1", node.port(), withSecret(otherSecret))) {
                assertThatThrownBy(() -> wrong.process(RECORD, record(log, "wrong")))
                        .isInstanceOf(ConnectionException.class).hasMessageContaining("refused this side's secret");
            }
            try (ArgonClient friend = new ArgonClient("127.0.0.1", node.port(), withSecret(secret))) {
                assertThat(friend.process(RECORD, record(log, "friend"), String.class)).isEqualTo("friend");
            }
            assertThat(Files.readAllLines(log)).containsExactly("friend");
            node.awaitLine("127\\.0\\.0\\.1:\\d+ sent a 'ping' before proving the secret: refused and closed");
            node.awaitLine("127\\.0\\.0\\.1:\\d+ gave a wrong proof of the secret: refused and closed");
            assertThat(node.output()).doesNotContain("it's a secret");

            // The commands take the secret the same way.
            try (ArgonProcess cli = ArgonProcess.start("argon", "submit", "-a", "127.0.0.1:" + node.port(),
                    "--secret-file", secretFile.toString(), "-c", SAMPLE, "-p", "{\"num\": 5}")) {
                assertThat(cli.waitFor(Duration.ofSeconds(60))).isZero();
                assertThat(cli.lines()).contains("5");
            }
        }
    }

    @Test
    void aNodeWithTheWrongSecretCannotRegister() throws Exception {
        try (ArgonProcess manager = ManagerProcesses.startManager("--secret-file", secretFile.toString());
             ArgonProcess node = ArgonProcess.startNode("-w", "1", "-m", "127.0.0.1:" + manager.port(),
                     "--secret-file", otherSecretFile.toString())) {
            manager.reachedWith(secret, null);
            node.awaitLine("manager 127\\.0\\.0\\.1:\\d+: .* refused this side's secret.*; not registering");
            assertThat(manager.status().get("nodes")).isEmpty();
        }
    }

    @Test
    void aNodeRegistersWithAManagerThatKnowsTheSameSecretAndRunsItsTasks() throws Exception {
        try (ArgonProcess manager = ManagerProcesses.startManager("--secret-file", secretFile.toString());
             ArgonProcess node = ArgonProcess.startNode("-w", "1", "-m", "127.0.0.1:" + manager.port(),
                     "--secret-file", secretFile.toString());
             ArgonClient client = new ArgonClient("127.0.0.1", manager.port(), withSecret(secret))) {
            manager.reachedWith(secret, null).awaitStatus("the node registered", s -> s.get("nodes").size() == 1, STARTUP);
            assertThat(client.process(SAMPLE, sample(3, 0), Integer.class)).isEqualTo(3);
        }
    }

    @Test
    void aFakeManagerWithoutTheSecretGetsNoTaskRunOnANodeThatHasOne() throws Exception {
        Path log = dir.resolve("runs-fake-manager.log");
        try (ServerSocket fake = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            fake.setSoTimeout(30_000);
            try (ArgonProcess node = ArgonProcess.startNode("-w", "1", "-i", Tasks.testClasses(), "-m",
                    "127.0.0.1:" + fake.getLocalPort(), "--secret-file", secretFile.toString())) {
                // The impostor skips the handshake and sends a task as if the node had registered.
                try (Socket link = fake.accept()) {
                    FrameStream frames = new FrameStream(link.getInputStream(), link.getOutputStream(), Messages.DEFAULT_MAX_FRAME_BYTES);
                    frames.writeFrame("{\"type\":\"submit\",\"id\":\"1\",\"class\":\"" + RECORD + "\",\"params\":{\"log\":\""
                            + log + "\",\"mark\":\"impostor\",\"delay\":0}}");
                    node.awaitLine("did not open with the handshake.*; not registering");
                }
                // One that sends a challenge but cannot prove the secret in turn fares no better.
                try (Socket link = fake.accept()) {
                    FrameStream frames = new FrameStream(link.getInputStream(), link.getOutputStream(), Messages.DEFAULT_MAX_FRAME_BYTES);
                    frames.writeFrame("{\"type\":\"challenge\",\"id\":\"auth\",\"nonce\":\""
                            + java.util.Base64.getEncoder().encodeToString(Secret.nonce()) + "\"}");
                    assertThat(new String(frames.readFrame(), StandardCharsets.UTF_8)).contains("\"type\":\"auth\"");
                    frames.writeFrame("{\"type\":\"authenticated\",\"id\":\"auth\",\"proof\":\""
                            + java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\"}");
                    frames.writeFrame("{\"type\":\"submit\",\"id\":\"2\",\"class\":\"" + RECORD + "\",\"params\":{\"log\":\""
                            + log + "\",\"mark\":\"impostor\",\"delay\":0}}");
                    node.awaitLine("could not prove it knows it.*; not registering");
                }
                // What is checked is that nothing happens, which no status or log line shows: a task
                // that slipped through would run at once (no delay) and write the log, so give it a
                // bounded while to do so before looking.
                Thread.sleep(500);
                assertThat(log).doesNotExist();
            }
        }
    }

    // ---- TLS ----

    private static String[] tlsDaemon(String... more) {
        List<String> args = new ArrayList<>(List.of("--tls-cert", certificates.serverCertificate.toString(),
                "--tls-key", certificates.serverKey.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static ClientOptions tlsClient() {
        return ClientOptions.defaults().withTls(new TlsConfig(null, null, certificates.ca, null));
    }

    @Test
    void aClientTalksTlsToANodeAndAPlaintextClientIsToldWhy() throws Exception {
        List<String> args = new ArrayList<>(List.of("-w", "1"));
        args.addAll(List.of(tlsDaemon()));
        try (ArgonProcess node = ArgonProcess.startNode(args.toArray(String[]::new));
             ArgonClient client = new ArgonClient("127.0.0.1", node.port(), tlsClient())) {
            assertThat(client.process(SAMPLE, sample(4, 0), Integer.class)).isEqualTo(4);
            try (RawConnection plain = new RawConnection(node.port())) {
                plain.sendFrame("{\"type\":\"ping\",\"id\":\"p\"}");
                JsonNode refused = plain.readFrame();
                assertThat(refused.get("kind").asText()).isEqualTo("unauthorized");
                assertThat(refused.get("message").asText()).contains("speaks TLS");
                assertThat(plain.isClosedByPeer()).isTrue();
            }
            try (ArgonClient plainClient = new ArgonClient("127.0.0.1", node.port(), ClientOptions.defaults().withSecret(null))) {
                // Refused before any task went out: it did not run, and the client says so (not "may or may not").
                assertThatThrownBy(() -> plainClient.process(SAMPLE, sample(1, 0)))
                        .isInstanceOf(ConnectionException.class).isNotInstanceOf(OutcomeUnknownException.class)
                        .hasMessageContaining("speaks TLS").hasMessageContaining("was not sent, so it did not run");
            }
        }
    }

    @Test
    void tlsOnEveryLinkThroughAManager() throws Exception {
        try (ArgonProcess manager = ManagerProcesses.startManager(tlsDaemon("--secret-file", secretFile.toString()))) {
            manager.reachedWith(secret, certificates.ca);
            List<String> nodeArgs = new ArrayList<>(List.of("-w", "1", "-m", "127.0.0.1:" + manager.port(),
                    "--secret-file", secretFile.toString(), "--tls-ca", certificates.ca.toString()));
            nodeArgs.addAll(List.of(tlsDaemon()));
            try (ArgonProcess node = ArgonProcess.startNode(nodeArgs.toArray(String[]::new));
                 ArgonClient client = new ArgonClient("127.0.0.1", manager.port(), tlsClient().withSecret(secret))) {
                node.reachedWith(secret, certificates.ca);
                manager.awaitStatus("the node registered over TLS", s -> s.get("nodes").size() == 1, STARTUP);
                assertThat(client.process(SAMPLE, sample(6, 0), Integer.class)).isEqualTo(6);
                assertThat(node.status().path("managers").path(0).path("registered").asBoolean()).isTrue();
            }
        }
    }

    @Test
    void mutualTlsRefusesAClientWithoutACertificate() throws Exception {
        List<String> args = new ArrayList<>(List.of("-w", "1"));
        args.addAll(List.of(tlsDaemon("--tls-client-ca", certificates.ca.toString())));
        try (ArgonProcess node = ArgonProcess.startNode(args.toArray(String[]::new))) {
            // Under TLS 1.3 the daemon refuses the missing certificate after the client has finished
            // its side of the handshake; the client's first ping finds that out before any task goes.
            try (ArgonClient anonymous = new ArgonClient("127.0.0.1", node.port(), tlsClient())) {
                assertThatThrownBy(() -> anonymous.process(SAMPLE, sample(1, 0)))
                        .isInstanceOf(ConnectionException.class).isNotInstanceOf(OutcomeUnknownException.class)
                        .hasMessageContaining("TLS failed").hasMessageContaining("was not sent, so it did not run");
            }
            ClientOptions withCertificate = ClientOptions.defaults().withTls(
                    new TlsConfig(certificates.clientCertificate, certificates.clientKey, certificates.ca, null));
            try (ArgonClient known = new ArgonClient("127.0.0.1", node.port(), withCertificate)) {
                assertThat(known.process(SAMPLE, sample(8, 0), Integer.class)).isEqualTo(8);
            }
        }
    }

    // ---- safe defaults and bounds ----

    @Test
    void aNodeOpenToTheNetworkWithoutASecretSaysSoAndItsWorkersSocketIsItsOwn() throws Exception {
        try (ArgonProcess node = ArgonProcess.start("node", "-H", "0.0.0.0", "-p", "0", "-w", "1")) {
            node.awaitLine("with no shared secret: anyone who can reach this port can run tasks here");
            node.awaitLine("node listening on"); // the port is bound (and warned about) before the workers start
            String worker = node.workers().stream().findFirst().orElseThrow().info().commandLine().orElseThrow();
            Path socket = Path.of(worker.split(" ")[worker.split(" ").length - 3]);
            assertThat(socket.getFileName().toString()).isEqualTo("workers.sock");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent()))).isEqualTo("rwx------");
        }
        try (ArgonProcess local = ArgonProcess.startNode("-w", "1")) {
            assertThat(local.output()).doesNotContain("no shared secret");
        }
    }

    @Test
    void connectionsPastTheLimitAndHalfSentFramesDoNotStopTheDaemonServing() throws Exception {
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1", "--max-connections", "40")) {
            List<Socket> flood = new ArrayList<>();
            try {
                for (int i = 0; i < 39; i++) {
                    Socket half = new Socket("127.0.0.1", node.port());
                    DataOutputStream out = new DataOutputStream(half.getOutputStream());
                    out.writeInt(1 << 20); // a megabyte promised, a few bytes sent
                    out.write(new byte[100]);
                    out.flush();
                    flood.add(half);
                }
                try (RawConnection last = new RawConnection(node.port())) {
                    last.sendFrame("{\"type\":\"ping\",\"id\":\"still\"}");
                    assertThat(last.readFrame().get("id").asText()).isEqualTo("still");
                    try (RawConnection over = new RawConnection(node.port())) {
                        assertThat(over.isClosedByPeer()).as("the 41st connection").isTrue();
                    }
                    node.awaitLine("refusing client connections: 40 are open");
                    last.sendFrame("{\"type\":\"ping\",\"id\":\"and still\"}");
                    assertThat(last.readFrame().get("id").asText()).isEqualTo("and still");
                }
            } finally {
                flood.forEach(Quietly::close);
            }
            try (ArgonClient client = new ArgonClient("127.0.0.1", node.port())) {
                assertThat(client.submit(SAMPLE, sample(9, 0)).get(30, TimeUnit.SECONDS).asInt()).isEqualTo(9);
            }
        }
    }
}
