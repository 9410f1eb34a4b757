package io.segexport.client;

import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/** What a failed call's causes say about TLS: gRPC reports every handshake failure as UNAVAILABLE "io exception". */
final class TlsFailures {
    private TlsFailures() {}

    /** The TLS failure among the causes, or null. */
    static SSLException find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException ssl) {
                return ssl;
            }
        }
        return null;
    }

    /**
     * Whether the client refused the server's certificate (not trusted, or not for this host): that
     * fails the same way on every attempt, until the certificate or the trusted CAs change.
     */
    static boolean certificateRefused(Throwable failure) {
        for (Throwable t = find(failure); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The message of the deepest cause that has one: for a certificate the client does not trust,
     * "unable to find valid certification path to requested target" rather than "General
     * OpenSslEngine problem".
     */
    static String innermostMessage(Throwable failure) {
        String message = failure.getMessage();
        for (Throwable t = failure.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message == null ? failure.getClass().getSimpleName() : message;
    }
}
