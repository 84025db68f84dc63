package io.argon.core;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Why a TLS handshake failed, in words a person can act on. The TLS engines report most
 * failures as "General OpenSslEngine problem" or "PKIX path building failed"; the cause they
 * carry says what was wrong.
 */
public final class TlsFailures {
    private TlsFailures() {
    }

    /** The reason behind {@code failure} (an {@link SSLException} or what wraps one), for an error message. */
    public static String describe(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = failure; cause != null && !chain.contains(cause); cause = cause.getCause()) {
            chain.add(cause);
        }
        // The most specific reason first: a path that fails to validate may do so because a
        // certificate in it has expired.
        for (Throwable cause : chain) {
            if (cause instanceof CertificateExpiredException) {
                return "the peer's certificate has expired (" + cause.getMessage() + ")";
            }
            if (cause instanceof CertificateNotYetValidException) {
                return "the peer's certificate is not valid yet (" + cause.getMessage() + "): check the clocks";
            }
        }
        for (Throwable cause : chain) {
            String message = String.valueOf(cause.getMessage());
            String lower = message.toLowerCase(Locale.ROOT);
            if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
                return "the peer's certificate is not for the host name or address connected to (" + message + ")";
            }
            if (lower.contains("certificate_required") || lower.contains("certificate required")) {
                return "the daemon requires a client certificate (give this side --tls-cert and --tls-key)";
            }
        }
        for (Throwable cause : chain) {
            String lower = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
            if (cause instanceof CertPathBuilderException || cause instanceof CertPathValidatorException
                    || lower.contains("unable to find valid certification path")) {
                return "the peer's certificate is not signed by a CA this side trusts (--tls-ca; a daemon's --tls-client-ca)";
            }
            if (lower.contains("bad_certificate") || lower.contains("unknown_ca") || lower.contains("certificate_unknown")) {
                return "the peer refused this side's certificate (" + cause.getMessage() + ")";
            }
        }
        Throwable root = chain.get(chain.size() - 1);
        return root instanceof SSLException || root == failure ? String.valueOf(failure.getMessage())
                : failure.getMessage() + " (" + root.getMessage() + ")";
    }
}
