package io.argon.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP port of a daemon with TLS and a password of the page's own: HTTPS with the daemon's
 * certificate, health open, the API behind the login, and a session cookie that only goes over
 * TLS.
 */
class HttpPortIT {
    private static final Pattern SERVING = Pattern.compile("serving HTTP at (https?://\\S+?)/ \\(");

    @TempDir
    Path dir;

    @Test
    void withTlsThePortSpeaksHttpsWithTheDaemonsCertificateAndThePasswordFileOpensTheApi() throws Exception {
        TestCertificates certificates = TestCertificates.create(dir);
        Path password = dir.resolve("http-password");
        Files.writeString(password, "the page's own password, 2026\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        try (ArgonProcess node = ArgonProcess.startNode("-w", "1", "--tls-cert", certificates.serverCertificate.toString(),
                "--tls-key", certificates.serverKey.toString(), "--http-port", "0", "--http-password-file", password.toString())) {
            String url = node.awaitLine(SERVING, Duration.ofSeconds(30)).group(1);
            assertThat(url).startsWith("https://127.0.0.1:");

            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> plain.send(
                    HttpRequest.newBuilder(URI.create(url.replace("https:", "http:") + "/healthz")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()))).as("plain HTTP at a TLS port").isNotNull();

            HttpClient https = HttpClient.newBuilder().sslContext(trusting(certificates.ca)).connectTimeout(Duration.ofSeconds(10)).build();
            assertThat(https.send(get(url + "/healthz"), HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("ok\n");
            assertThat(https.send(get(url + "/api/status"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

            HttpResponse<String> login = https.send(HttpRequest.newBuilder(URI.create(url + "/api/login"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"password\": \"the page's own password, 2026\"}"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            String cookie = login.headers().firstValue("set-cookie").orElseThrow();
            assertThat(cookie).contains("Secure").contains("HTTPOnly").contains("SameSite=Strict");
            HttpResponse<String> status = https.send(HttpRequest.newBuilder(URI.create(url + "/api/status"))
                    .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.body()).contains("\"role\":\"node\"");
        }
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
    }

    private static SSLContext trusting(Path caFile) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
