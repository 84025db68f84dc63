package io.argon.core.security;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * TLS for Argon's links, from PEM files. A daemon with a certificate and key speaks TLS; with a
 * client CA it also requires a certificate from every peer, signed by that CA (mutual TLS). A
 * client with a CA speaks TLS and verifies the daemon's certificate, host name included; with a
 * certificate and key it presents them to a daemon that asks.
 *
 * @param certificate this side's certificate chain (PEM), or null
 * @param key         its private key (PEM, PKCS#8), or null
 * @param trustedCa   the CA a client trusts the daemon's certificate from (PEM), or null
 * @param clientCa    the CA a daemon requires its peers' certificates from (PEM), or null
 */
public record TlsConfig(Path certificate, Path key, Path trustedCa, Path clientCa) {
    public static final TlsConfig NONE = new TlsConfig(null, null, null, null);

    public TlsConfig {
        if ((certificate == null) != (key == null)) {
            throw new IllegalArgumentException("a TLS certificate and its key go together: give both or neither");
        }
        if (clientCa != null && certificate == null) {
            throw new IllegalArgumentException("requiring client certificates needs the daemon's own TLS certificate and key");
        }
        for (Path file : new Path[] {certificate, key, trustedCa, clientCa}) {
            if (file != null && !Files.isReadable(file)) {
                throw new IllegalArgumentException(file + ": no such file, or it cannot be read");
            }
        }
        if (certificate != null) {
            TlsKeyPair.check(certificate, key); // a wrong key would start, then fail every handshake
        }
    }

    /** Whether a daemon with this configuration speaks TLS. */
    public boolean serves() {
        return certificate != null;
    }

    /** Whether a client with this configuration speaks TLS. */
    public boolean connects() {
        return trustedCa != null;
    }

    /** The daemon's side, or null when it does not speak TLS. */
    public SslContext serverContext() throws SSLException {
        if (!serves()) {
            return null;
        }
        SslContextBuilder builder = SslContextBuilder.forServer(certificate.toFile(), key.toFile()).sslProvider(provider());
        if (clientCa != null) {
            builder.trustManager(clientCa.toFile()).clientAuth(ClientAuth.REQUIRE);
        }
        return builder.build();
    }

    /** A client's side, or null when it does not speak TLS. */
    public SslContext clientContext() throws SSLException {
        if (!connects()) {
            return null;
        }
        SslContextBuilder builder = SslContextBuilder.forClient().trustManager(trustedCa.toFile())
                .endpointIdentificationAlgorithm("HTTPS").sslProvider(provider());
        if (certificate != null) {
            builder.keyManager(certificate.toFile(), key.toFile());
        }
        return builder.build();
    }

    /**
     * BoringSSL through netty-tcnative where it loads, the JDK's own TLS elsewhere;
     * {@code -Dargon.tls.provider=jdk} or {@code =openssl} chooses. Measured in docs/BENCHMARKS.md.
     */
    static SslProvider provider() {
        String chosen = System.getProperty("argon.tls.provider", "");
        if (chosen.equalsIgnoreCase("jdk")) {
            return SslProvider.JDK;
        }
        if (chosen.equalsIgnoreCase("openssl")) {
            return SslProvider.OPENSSL;
        }
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }
}
