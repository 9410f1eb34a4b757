package io.segexport.server.tls;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The server's certificate and private key, as PEM files: with them both ports speak only TLS.
 *
 * @param certificate the {@code --tls-cert} file: the server's certificate first, then any
 *                    intermediate certificates of its chain
 * @param privateKey  the {@code --tls-key} file: the certificate's private key, PKCS#8
 *                    ({@code -----BEGIN PRIVATE KEY-----}), not encrypted
 */
public record TlsFiles(Path certificate, Path privateKey) {
    public TlsFiles {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }
}
