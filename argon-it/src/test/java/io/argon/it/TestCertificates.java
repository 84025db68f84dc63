package io.argon.it;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test CA and certificates signed by it, as PEM files in a directory, made afresh for each
 * test class: a server certificate for 127.0.0.1 and localhost, and a client certificate for
 * mutual TLS. Nothing is checked in; nothing outlives the test.
 */
final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    final Path ca;
    final Path serverCertificate;
    final Path serverKey;
    final Path clientCertificate;
    final Path clientKey;
    /** A CA that signed none of the above: a client that trusts it trusts no daemon here. */
    final Path otherCa;
    /** The server's key, certified for localhost and 127.0.0.1 until yesterday. */
    final Path expiredServerCertificate;
    /** The server's key, certified for another host name only. */
    final Path otherHostServerCertificate;

    private TestCertificates(Path dir) {
        ca = dir.resolve("ca.pem");
        serverCertificate = dir.resolve("server.pem");
        serverKey = dir.resolve("server.key");
        clientCertificate = dir.resolve("client.pem");
        clientKey = dir.resolve("client.key");
        otherCa = dir.resolve("other-ca.pem");
        expiredServerCertificate = dir.resolve("server-expired.pem");
        otherHostServerCertificate = dir.resolve("server-other-host.pem");
    }

    static TestCertificates create(Path dir) throws IOException, GeneralSecurityException, OperatorCreationException {
        TestCertificates files = new TestCertificates(dir);
        KeyPair caKeys = keys();
        X500Name caName = new X500Name("CN=Argon test CA");
        X509v3CertificateBuilder ca = builder(caName, caName, caKeys);
        ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        write(files.ca, certificate(ca, caKeys.getPrivate()));

        KeyPair serverKeys = keys();
        X509v3CertificateBuilder server = leaf(caName, new X500Name("CN=localhost"), serverKeys, KeyPurposeId.id_kp_serverAuth);
        server.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        write(files.serverCertificate, certificate(server, caKeys.getPrivate()));
        write(files.serverKey, new JcaPKCS8Generator(serverKeys.getPrivate(), null));

        Instant now = Instant.now();
        X509v3CertificateBuilder expired = leaf(caName, new X500Name("CN=localhost"), serverKeys, KeyPurposeId.id_kp_serverAuth,
                now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
        expired.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        write(files.expiredServerCertificate, certificate(expired, caKeys.getPrivate()));
        X509v3CertificateBuilder otherHost = leaf(caName, new X500Name("CN=other.example"), serverKeys, KeyPurposeId.id_kp_serverAuth);
        otherHost.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "other.example")}));
        write(files.otherHostServerCertificate, certificate(otherHost, caKeys.getPrivate()));
        KeyPair otherCaKeys = keys();
        X500Name otherCaName = new X500Name("CN=Another CA");
        X509v3CertificateBuilder otherCa = builder(otherCaName, otherCaName, otherCaKeys);
        otherCa.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        write(files.otherCa, certificate(otherCa, otherCaKeys.getPrivate()));

        KeyPair clientKeys = keys();
        X509v3CertificateBuilder client = leaf(caName, new X500Name("CN=argon client"), clientKeys, KeyPurposeId.id_kp_clientAuth);
        write(files.clientCertificate, certificate(client, caKeys.getPrivate()));
        write(files.clientKey, new JcaPKCS8Generator(clientKeys.getPrivate(), null));
        return files;
    }

    private static KeyPair keys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return builder(issuer, subject, keys, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys, Instant from, Instant until) {
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(from), Date.from(until), subject, keys.getPublic());
    }

    private static X509v3CertificateBuilder leaf(X500Name issuer, X500Name subject, KeyPair keys, KeyPurposeId purpose)
            throws IOException {
        Instant now = Instant.now();
        return leaf(issuer, subject, keys, purpose, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
    }

    private static X509v3CertificateBuilder leaf(X500Name issuer, X500Name subject, KeyPair keys, KeyPurposeId purpose,
            Instant from, Instant until) throws IOException {
        X509v3CertificateBuilder builder = builder(issuer, subject, keys, from, until);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        return builder;
    }

    private static X509Certificate certificate(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static void write(Path file, Object pem) throws IOException {
        try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(pem);
        }
    }
}
