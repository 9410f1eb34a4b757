package io.segexport.server.tls;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's certificate chain and private key, read and checked once at start, from which both
 * the gRPC port (Netty) and the HTTPS port (Armeria) are configured: they serve the same identity.
 *
 * <p>Every problem found in the files is an {@link IllegalArgumentException} whose message starts
 * with the flag and file at fault, e.g. {@code --tls-key /etc/segexport/key.pem: does not match the
 * certificate of --tls-cert /etc/segexport/cert.pem}, and says what to do when that is known.
 */
public final class ServerTls {
    private static final Logger logger = LoggerFactory.getLogger(ServerTls.class);
    static final String CERT_FLAG = "--tls-cert";
    static final String KEY_FLAG = "--tls-key";

    /** The key algorithms served, and the signature that proves a key matches the certificate's public key. */
    private static final Map<String, String> SIGNATURES = Map.of("RSA", "SHA256withRSA", "EC", "SHA256withECDSA");

    private final List<X509Certificate> chain;
    private final PrivateKey privateKey;

    private ServerTls(List<X509Certificate> chain, PrivateKey privateKey) {
        this.chain = List.copyOf(chain);
        this.privateKey = privateKey;
    }

    /**
     * Reads and checks the files: the certificate file holds PEM certificates, the key file one
     * unencrypted PKCS#8 private key, and that key is the one of the first certificate.
     *
     * @throws IllegalArgumentException naming the flag and file at fault
     */
    public static ServerTls load(TlsFiles files) {
        List<X509Certificate> chain = certificates(files.certificate());
        PrivateKey key = privateKey(files.privateKey());
        if (!matches(key, chain.get(0).getPublicKey())) {
            throw new IllegalArgumentException(
                    KEY_FLAG + " " + files.privateKey() + ": does not match the certificate of "
                            + CERT_FLAG + " " + files.certificate()
                            + " (the server's own certificate must come first in that file, "
                            + "then its chain)");
        }
        warnWhenOutOfValidity(chain.get(0), files.certificate(), Instant.now());
        return new ServerTls(chain, key);
    }

    /** Out of its validity period, a certificate only warns at start: clients that verify it will refuse it, and this says why. */
    private static void warnWhenOutOfValidity(X509Certificate certificate, Path file, Instant now) {
        Instant from = certificate.getNotBefore().toInstant();
        Instant until = certificate.getNotAfter().toInstant();
        if (now.isBefore(from) || now.isAfter(until)) {
            logger.warn(
                    "{} {}: the certificate is valid from {} until {}, not now: clients will refuse it",
                    CERT_FLAG,
                    file,
                    from,
                    until);
        }
    }

    /** The server's own certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The server's certificate, then the rest of its chain, as the file lists them. */
    public List<X509Certificate> chain() {
        return chain;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The TLS context of the gRPC port: TLS 1.2 or later with ALPN h2, as gRPC requires. */
    public SslContext grpcSslContext() {
        try {
            return GrpcSslContexts.configure(SslContextBuilder.forServer(privateKey, chain))
                    .build();
        } catch (SSLException | RuntimeException e) {
            throw new IllegalArgumentException(
                    CERT_FLAG + "/" + KEY_FLAG + ": cannot serve TLS with this certificate and key: " + e.getMessage(),
                    e);
        }
    }

    /**
     * The TLS context of a cluster node's calls to the others' gRPC ports: it trusts the
     * certificates in this node's own certificate file, so each node's file must hold its chain
     * up to the authority the nodes share.
     */
    public SslContext peerSslContext() {
        try {
            return GrpcSslContexts.forClient()
                    .trustManager(chain.toArray(X509Certificate[]::new))
                    .build();
        } catch (SSLException e) {
            throw new IllegalArgumentException(CERT_FLAG + ": cannot trust this certificate: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> certificates(Path file) {
        List<Pem.Block> blocks = pemBlocks(CERT_FLAG, file);
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Pem.Block block : blocks) {
                if (block.type().equals("CERTIFICATE")) {
                    certificates.add(
                            (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException(CERT_FLAG + " " + file + ": not a valid certificate: " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            boolean key = blocks.stream().anyMatch(block -> block.type().endsWith("PRIVATE KEY"));
            throw new IllegalArgumentException(CERT_FLAG + " " + file
                    + ": holds no PEM certificate (-----BEGIN CERTIFICATE-----)"
                    + (key ? "; it holds a private key: are " + CERT_FLAG + " and " + KEY_FLAG + " swapped?" : ""));
        }
        return certificates;
    }

    private static PrivateKey privateKey(Path file) {
        List<Pem.Block> keys = pemBlocks(KEY_FLAG, file).stream()
                .filter(block -> block.type().endsWith("PRIVATE KEY"))
                .toList();
        if (keys.size() != 1) {
            throw new IllegalArgumentException(KEY_FLAG + " " + file + ": "
                    + (keys.isEmpty()
                            ? "holds no PEM private key (-----BEGIN PRIVATE KEY-----)"
                            : "holds " + keys.size() + " private keys; it must hold only the certificate's"));
        }
        Pem.Block key = keys.get(0);
        switch (key.type()) {
            case "PRIVATE KEY" -> {}
            case "ENCRYPTED PRIVATE KEY", "ENCRYPTED RSA PRIVATE KEY", "ENCRYPTED EC PRIVATE KEY" ->
                throw new IllegalArgumentException(KEY_FLAG + " " + file
                        + ": the key is encrypted; the server reads only unencrypted PKCS#8 keys. "
                        + "Decrypt it with: openssl pkey -in " + file + " -out key-pkcs8.pem");
            default ->
                throw new IllegalArgumentException(KEY_FLAG + " " + file + ": the key is -----BEGIN " + key.type()
                        + "-----, not PKCS#8 (-----BEGIN PRIVATE KEY-----); convert it with: openssl pkey -in " + file
                        + " -out key-pkcs8.pem");
        }
        for (String algorithm : SIGNATURES.keySet()) {
            // Each factory refuses the other algorithm's keys, so the order does not matter.
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(key.der()));
            } catch (InvalidKeySpecException e) {
                // Another algorithm's key, or not a key at all: the next algorithm tells.
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this Java has no " + algorithm + " key factory", e);
            }
        }
        throw new IllegalArgumentException(KEY_FLAG + " " + file + ": not a PKCS#8 RSA or EC private key");
    }

    private static List<Pem.Block> pemBlocks(String flag, Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(flag + " " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(flag + " " + file + ": permission denied");
        } catch (IOException e) {
            throw new IllegalArgumentException(flag + " " + file + ": cannot read it: " + e);
        }
        try {
            return Pem.read(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + " " + file + ": " + e.getMessage());
        }
    }

    /** Whether the private key signs what the public key verifies: they are one pair. */
    private static boolean matches(PrivateKey key, PublicKey publicKey) {
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        String algorithm = SIGNATURES.get(key.getAlgorithm());
        if (algorithm == null) {
            return false;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // E.g. an EC key on another curve than the certificate's.
            return false;
        }
    }
}
