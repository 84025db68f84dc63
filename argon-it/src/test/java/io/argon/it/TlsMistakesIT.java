package io.argon.it;

import static io.argon.it.Tasks.SAMPLE;
import static io.argon.it.Tasks.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argon.client.ArgonClient;
import io.argon.client.ClientOptions;
import io.argon.client.ConnectionException;
import io.argon.core.security.TlsConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS mistakes people make, each named where it is made: a key that is not the
 * certificate's stops the start; a client told why its handshake failed (expired, another
 * host's, another CA's), not "General OpenSslEngine problem"; the daemon logs one line for it.
 */
class TlsMistakesIT {
    @TempDir
    static Path dir;

    private static TestCertificates certificates;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certificates = TestCertificates.create(dir);
    }

    private static ArgonProcess tlsNode(Path certificate) throws Exception {
        return ArgonProcess.startNode("-w", "1", "--tls-cert", certificate.toString(), "--tls-key", certificates.serverKey.toString());
    }

    private static ClientOptions trusting(Path ca) {
        return ClientOptions.defaults().withSecret(null).withTls(new TlsConfig(null, null, ca, null));
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedAtTheStart() throws Exception {
        ArgonProcess node = ArgonProcess.start("node", "-H", "127.0.0.1", "-p", "0", "-w", "1",
                "--tls-cert", certificates.serverCertificate.toString(), "--tls-key", certificates.clientKey.toString());
        assertThat(node.waitFor(Duration.ofSeconds(60))).as(node.output()).isEqualTo(2);
        assertThat(node.output()).contains("the TLS key " + certificates.clientKey + " is not the key of the certificate "
                + certificates.serverCertificate).doesNotContain("listening");
    }

    @Test
    void anExpiredCertificateIsNamedOnTheClientAndIsOneLineOnTheDaemon() throws Exception {
        try (ArgonProcess node = tlsNode(certificates.expiredServerCertificate);
             ArgonClient client = new ArgonClient("127.0.0.1", node.port(), trusting(certificates.ca))) {
            assertThatThrownBy(() -> client.process(SAMPLE, sample(1, 0))).isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("TLS failed: the peer's certificate has expired")
                    .hasMessageNotContaining("General OpenSslEngine problem");
            node.awaitLine("TLS failed: .*; closed");
            assertThat(node.output()).doesNotContain("unexpected error").doesNotContain("\tat io.netty");
        }
    }

    @Test
    void aCertificateForAnotherHostIsNamedOnTheClient() throws Exception {
        try (ArgonProcess node = tlsNode(certificates.otherHostServerCertificate);
             ArgonClient client = new ArgonClient("127.0.0.1", node.port(), trusting(certificates.ca))) {
            assertThatThrownBy(() -> client.process(SAMPLE, sample(1, 0))).isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("TLS failed: the peer's certificate is not for the host name or address connected to");
        }
    }

    @Test
    void aCertificateFromACaTheClientDoesNotTrustIsNamedOnTheClient() throws Exception {
        try (ArgonProcess node = tlsNode(certificates.serverCertificate);
             ArgonClient client = new ArgonClient("127.0.0.1", node.port(), trusting(certificates.otherCa))) {
            assertThatThrownBy(() -> client.process(SAMPLE, sample(1, 0))).isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("TLS failed: the peer's certificate is not signed by a CA this side trusts");
            node.awaitLine("TLS failed: .*; closed");
            assertThat(node.output()).doesNotContain("unexpected error").doesNotContain("\tat ");
        }
    }
}
