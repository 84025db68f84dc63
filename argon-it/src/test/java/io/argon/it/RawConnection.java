package io.argon.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.argon.core.security.Secret;
import io.argon.protocol.FrameStream;
import io.argon.protocol.Json;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** A bare socket speaking Argon's framing by hand, to send what a well-behaved client never would. */
final class RawConnection implements AutoCloseable {
    /** Frames from the server are read whatever their size: the test is not the one being checked. */
    private static final int NO_LIMIT = Integer.MAX_VALUE - 4;

    private final Socket socket;
    private final FrameStream frames;

    RawConnection(int port) throws IOException {
        this(port, null, null);
    }

    /**
     * A connection to a protected daemon: TLS when {@code trustedCa} is given, and the
     * shared-secret handshake when {@code secret} is, done by hand as docs/PROTOCOL.md gives it.
     */
    RawConnection(int port, Secret secret, Path trustedCa) throws IOException {
        socket = trustedCa == null ? new Socket("127.0.0.1", port) : tlsSocket(port, trustedCa);
        socket.setSoTimeout(10_000);
        frames = new FrameStream(socket.getInputStream(), socket.getOutputStream(), NO_LIMIT);
        if (secret != null) {
            authenticate(secret);
        }
    }

    private void authenticate(Secret secret) throws IOException {
        JsonNode challenge = readFrame();
        if (!"challenge".equals(challenge.path("type").asText())) {
            throw new IOException("the daemon did not open with a challenge: " + challenge);
        }
        byte[] serverNonce = Base64.getDecoder().decode(challenge.get("nonce").asText());
        byte[] clientNonce = Secret.nonce();
        byte[] proof = secret.proof(Secret.Side.CLIENT, serverNonce, clientNonce);
        sendFrame("{\"type\":\"auth\",\"id\":\"auth\",\"nonce\":\"" + Base64.getEncoder().encodeToString(clientNonce)
                + "\",\"proof\":\"" + Base64.getEncoder().encodeToString(proof) + "\"}");
        JsonNode answer = readFrame();
        if (!"authenticated".equals(answer.path("type").asText())
                || !secret.verify(Secret.Side.SERVER, serverNonce, clientNonce, Base64.getDecoder().decode(answer.get("proof").asText()))) {
            throw new IOException("the daemon did not accept the secret, or did not prove it knows it: " + answer);
        }
    }

    private static Socket tlsSocket(int port, Path trustedCa) throws IOException {
        try (InputStream pem = Files.newInputStream(trustedCa)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS with " + trustedCa + ": " + e.getMessage(), e);
        }
    }

    void sendFrame(String payload) throws IOException {
        frames.writeFrame(payload);
    }

    /** A frame of these bytes, as they are: invalid UTF-8 stays invalid. */
    void sendFrame(byte[] payload) throws IOException {
        frames.writeFrame(payload);
    }

    /** A length and nothing after it: a frame header a well-behaved peer never sends. */
    void sendLength(int length) throws IOException {
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeInt(length);
        out.flush();
    }

    /** The next frame as JSON; EOFException once the server has closed the connection. */
    JsonNode readFrame() throws IOException {
        byte[] payload = frames.readFrame();
        if (payload == null) {
            throw new EOFException("connection closed by the server");
        }
        return Json.MAPPER.readTree(payload);
    }

    /** Reads frames until the peer closes the connection and returns them; fails if it has not closed it within {@code maxFrames}. */
    List<JsonNode> readUntilClosed(int maxFrames) throws IOException {
        List<JsonNode> read = new ArrayList<>();
        for (int i = 0; i < maxFrames; i++) {
            try {
                read.add(readFrame());
            } catch (EOFException closed) {
                return read;
            } catch (SocketException reset) {
                return read; // reset by peer: closed too
            }
        }
        throw new AssertionError("connection still open after " + maxFrames + " frames: " + read);
    }

    /** Asks for the daemon's status report (see docs/PROTOCOL.md) and returns it. */
    JsonNode status() throws IOException {
        sendFrame("{\"type\":\"status\",\"id\":\"status\"}");
        for (int frame = 0; frame < 10_000; frame++) {
            JsonNode reply = readFrame();
            if ("status_report".equals(reply.path("type").asText()) && "status".equals(reply.path("id").asText())) {
                return reply.get("report");
            }
        }
        throw new AssertionError("no status_report among 10,000 frames");
    }

    /** True when the server has closed the connection. */
    boolean isClosedByPeer() throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (EOFException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
