package io.argon.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretTest {
    @TempDir
    Path dir;

    private Path file(String contents, String permissions) throws IOException {
        Path file = dir.resolve("secret");
        Files.writeString(file, contents, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    @Test
    void aFileWithOneLineEndingIsTheSameSecretAsTheBytesWithout() throws IOException {
        Secret fromFile = Secret.fromFile(file("0123456789abcdef\n", "rw-------"));
        Secret fromBytes = Secret.of("0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        byte[] server = Secret.nonce();
        byte[] client = Secret.nonce();
        assertThat(fromFile.verify(Secret.Side.CLIENT, server, client, fromBytes.proof(Secret.Side.CLIENT, server, client))).isTrue();
    }

    @Test
    void secretsOfTheSameBytesAreEqualWhereverTheyCameFrom() throws IOException {
        Secret fromFile = Secret.fromFile(file("0123456789abcdef\n", "rw-------"));
        Secret fromBytes = Secret.of("0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        assertThat(fromFile).isEqualTo(fromBytes).hasSameHashCodeAs(fromBytes);
        assertThat(fromBytes).isNotEqualTo(Secret.of("0123456789abcdeF".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void eachSideProvesUnderItsOwnLabelOverBothNonces() {
        Secret secret = Secret.of("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8));
        byte[] server = Secret.nonce();
        byte[] client = Secret.nonce();
        byte[] clientProof = secret.proof(Secret.Side.CLIENT, server, client);
        assertThat(clientProof).hasSize(32);
        assertThat(secret.verify(Secret.Side.SERVER, server, client, clientProof)).as("a client's proof is no server's").isFalse();
        assertThat(secret.verify(Secret.Side.CLIENT, Secret.nonce(), client, clientProof)).as("another challenge").isFalse();
        assertThat(secret.verify(Secret.Side.CLIENT, server, new byte[5], clientProof)).as("a short nonce").isFalse();
    }

    @Test
    void aShortSecretOrAFileOthersCanReadIsRefused() throws IOException {
        assertThatThrownBy(() -> Secret.of("short".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("at least 16");
        Path readable = file("0123456789abcdef", "rw-r--r--");
        assertThatThrownBy(() -> Secret.fromFile(readable)).hasMessageContaining("chmod 600");
    }

    @Test
    void aMissingFileIsRefusedWithHowToMakeOne() {
        Path missing = dir.resolve("argon.secret");
        assertThatThrownBy(() -> Secret.fromFile(missing))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageStartingWith(missing + ": no such file")
                .hasMessageContaining("(umask 077; head -c 32 /dev/urandom | base64 > " + missing + ")");
    }

    @Test
    void aDirectoryOrAnOversizedFileIsNotASecretFile() throws IOException {
        Path directory = Files.createDirectory(dir.resolve("secrets"));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        assertThatThrownBy(() -> Secret.fromFile(directory)).hasMessage(directory + " is a directory; give the file that holds the secret");
        Path large = file("x".repeat(Secret.MAX_FILE_BYTES + 1), "rw-------");
        assertThatThrownBy(() -> Secret.fromFile(large)).hasMessageContaining("a secret file holds one secret of at most");
    }

    @Test
    void theSecretIsNeverPrinted() {
        assertThat(Secret.of("0123456789abcdef-visible".getBytes(StandardCharsets.UTF_8)).toString()).doesNotContain("visible");
    }
}
