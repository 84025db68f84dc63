package io.argon.core.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks, when a daemon or client starts, that a TLS certificate and the key given with it go
 * together: a key that is not the certificate's would let the process start and then fail every
 * handshake. The key must be PKCS#8 PEM, as Netty reads it.
 */
final class TlsKeyPair {
    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private TlsKeyPair() {
    }

    /** @throws IllegalArgumentException saying what is wrong with the pair */
    static void check(Path certificateFile, Path keyFile) {
        X509Certificate certificate = certificate(certificateFile);
        PublicKey publicKey = certificate.getPublicKey();
        PrivateKey privateKey = privateKey(keyFile, publicKey.getAlgorithm());
        try {
            String algorithm = switch (publicKey.getAlgorithm()) {
                case "RSA" -> "SHA256withRSA";
                case "EC" -> "SHA256withECDSA";
                case "Ed25519", "EdDSA" -> "Ed25519";
                default -> null;
            };
            if (algorithm == null) {
                return; // a key type this check does not know: Netty's handshake will say
            }
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            if (!verifier.verify(signature)) {
                throw mismatch(certificateFile, keyFile, certificate);
            }
        } catch (GeneralSecurityException e) {
            throw mismatch(certificateFile, keyFile, certificate);
        }
    }

    private static IllegalArgumentException mismatch(Path certificateFile, Path keyFile, X509Certificate certificate) {
        return new IllegalArgumentException("the TLS key " + keyFile + " is not the key of the certificate " + certificateFile
                + " (" + certificate.getSubjectX500Principal().getName() + "): give the key the certificate was made for");
    }

    private static X509Certificate certificate(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the TLS certificate " + file + " cannot be read as a PEM certificate: " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(Path file, String algorithm) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("the TLS key " + file + " cannot be read: " + e.getMessage());
        }
        Matcher matcher = PKCS8.matcher(pem);
        if (!matcher.find()) {
            throw new IllegalArgumentException("the TLS key " + file + " is not an unencrypted PKCS#8 PEM key ('BEGIN PRIVATE KEY')"
                    + (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")
                            ? "; convert it: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem" : ""));
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(matcher.group(1));
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the TLS key " + file + " is not an " + algorithm
                    + " key, as the certificate's is: give the key the certificate was made for");
        }
    }
}
