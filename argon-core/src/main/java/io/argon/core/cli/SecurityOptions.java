package io.argon.core.cli;

import io.argon.core.security.Secret;
import io.argon.core.security.TlsConfig;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options every Argon command shares to protect its links: the shared secret and TLS. */
public final class SecurityOptions {
    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "The shared secret every party proves it knows (at least 16 bytes; readable by its owner only). "
                    + "Default: the " + Secret.ENVIRONMENT + " environment variable, else none.")
    Path secretFile;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "This side's TLS certificate chain (PEM). A daemon with one speaks TLS; a client presents it to a daemon that asks.")
    Path tlsCertificate;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The private key of --tls-cert (PEM, PKCS#8).")
    Path tlsKey;

    @Option(names = "--tls-ca", paramLabel = "FILE",
            description = "Speak TLS to the daemon (or a node to its manager) and trust only certificates from this CA (PEM).")
    Path tlsCa;

    /** The secret from --secret-file, else from the environment, else null. */
    public Secret secret(CommandSpec spec) {
        try {
            return secretFile != null ? Secret.fromFile(secretFile) : Secret.fromEnvironment();
        } catch (IOException | IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), (secretFile != null ? "--secret-file " : Secret.ENVIRONMENT + ": ")
                    + e.getMessage());
        }
    }

    /** The TLS files; {@code clientCa} is a daemon's --tls-client-ca, null for a client. */
    public TlsConfig tls(CommandSpec spec, Path clientCa) {
        try {
            return new TlsConfig(tlsCertificate, tlsKey, tlsCa, clientCa);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
