package io.segexport.server.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made for one test run, in a folder of the test's, and the server
 * certificates it issues, written as the PEM files an operator would pass to {@code --tls-cert}
 * and {@code --tls-key}. Nothing here is committed: every run makes new keys.
 *
 * <pre>{@code
 * TestCertificates ca = TestCertificates.authority(dir, "test");
 * TlsFiles files = ca.issueServer();           // for localhost and 127.0.0.1
 * ... new ServerConfig(...).withTls(files) ... // clients trust ca.caFile()
 * }</pre>
 */
public final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path dir;
    private final String name;
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final Path caFile;
    private int issued;

    private TestCertificates(Path dir, String name, KeyPair caKeys, X509Certificate ca, Path caFile) {
        this.dir = dir;
        this.name = name;
        this.caKeys = caKeys;
        this.ca = ca;
        this.caFile = caFile;
    }

    /** A new CA (EC P-256) named {@code CN=<name> Test CA}; its certificate is {@code <dir>/<name>-ca.pem}. */
    public static TestCertificates authority(Path dir, String name) {
        KeyPair keys = keyPair("EC");
        X500Name subject = new X500Name("CN=" + name + " Test CA");
        X509v3CertificateBuilder builder =
                new JcaX509v3CertificateBuilder(subject, serial(), notBefore(), notAfter(), subject, keys.getPublic());
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException(e);
        }
        X509Certificate certificate = sign(builder, keys.getPrivate());
        Path file = writeCertificates(dir.resolve(name + "-ca.pem"), certificate);
        return new TestCertificates(dir, name, keys, certificate, file);
    }

    /** The CA's certificate as a PEM file: what clients are told to trust. */
    public Path caFile() {
        return caFile;
    }

    public X509Certificate caCertificate() {
        return ca;
    }

    /** A server certificate with an RSA 2048 key, for {@code localhost} and {@code 127.0.0.1}. */
    public TlsFiles issueServer() {
        return issueServer("RSA");
    }

    /**
     * A server certificate for {@code localhost} and {@code 127.0.0.1} with a key of this
     * algorithm ({@code RSA} or {@code EC}): the certificate alone in one file, the key as
     * unencrypted PKCS#8 in another.
     */
    public TlsFiles issueServer(String keyAlgorithm) {
        KeyPair keys = keyPair(keyAlgorithm);
        X509Certificate certificate = issue(keys);
        String prefix = name + "-server-" + (++issued);
        return new TlsFiles(
                writeCertificates(dir.resolve(prefix + ".pem"), certificate),
                writePem(
                        dir.resolve(prefix + ".key"),
                        "PRIVATE KEY",
                        keys.getPrivate().getEncoded()));
    }

    private X509Certificate issue(KeyPair keys) {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                ca, serial(), notBefore(), notAfter(), new X500Name("CN=localhost"), keys.getPublic());
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(
                            Extension.keyUsage,
                            true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                    }))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException(e);
        }
        return sign(builder, caKeys.getPrivate());
    }

    /** A JDK TLS context that trusts this CA only, e.g. for {@code HttpClient.newBuilder().sslContext(...)}. */
    public SSLContext trustingContext() {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("ca", ca);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PKCS#8 RSA key of this file rewritten as PKCS#1 ({@code -----BEGIN RSA PRIVATE KEY-----}), as older openssl writes them. */
    public static Path asPkcs1(Path pkcs8File, Path out) {
        try {
            byte[] pkcs8 = firstPemBody(pkcs8File);
            byte[] pkcs1 = PrivateKeyInfo.getInstance(pkcs8)
                    .parsePrivateKey()
                    .toASN1Primitive()
                    .getEncoded();
            return writePem(out, "RSA PRIVATE KEY", pkcs1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The PKCS#8 key of this file encrypted with a password ({@code -----BEGIN ENCRYPTED PRIVATE KEY-----}). */
    public static Path encrypted(Path pkcs8File, Path out) {
        try {
            var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setProvider(new BouncyCastleProvider())
                    .setPassword("secret".toCharArray())
                    .build();
            var pem = new PKCS8Generator(PrivateKeyInfo.getInstance(firstPemBody(pkcs8File)), encryptor).generate();
            return writePem(out, pem.getType(), pem.getContent());
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes certificates as one PEM file, in this order. */
    public static Path writeCertificates(Path file, X509Certificate... certificates) {
        StringBuilder pem = new StringBuilder();
        try {
            for (X509Certificate certificate : certificates) {
                pem.append(pem("CERTIFICATE", certificate.getEncoded()));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return write(file, pem.toString());
    }

    /** Reads the first PEM certificate of a file. */
    public static X509Certificate readCertificate(Path file) {
        try {
            return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(firstPemBody(file)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writePem(Path file, String type, byte[] der) {
        return write(file, pem(type, der));
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] firstPemBody(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            String body = text.substring(text.indexOf("-----\n") + 6, text.indexOf("\n-----END"));
            return Base64.getMimeDecoder().decode(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair keyPair(String algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(algorithm.equals("RSA") ? 2048 : 256);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) {
        try {
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(1)));
    }
}
