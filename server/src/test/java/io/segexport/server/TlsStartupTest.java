package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.segexport.server.tls.TestCertificates;
import io.segexport.server.tls.TlsFiles;
import io.segexport.v1.ListExportJobsRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS files that cannot serve stop the server at start, before the store is touched, naming the flag and file. */
class TlsStartupTest {
    @TempDir
    static Path dir;

    private static TestCertificates ca;
    private static TlsFiles good;

    private final Path dataDir = dir.resolve("data");

    @BeforeAll
    static void issue() {
        ca = TestCertificates.authority(dir, "startup-test");
        good = ca.issueServer();
    }

    private void assertRefused(TlsFiles files, String message) {
        assertThatThrownBy(() ->
                        SegexportServer.start(new ServerConfig(dataDir, 0, 0, TestServer.TOKEN, 0).withTls(files)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void aMissingCertificateFileIsNamed() {
        Path missing = dir.resolve("nothing.pem");

        assertRefused(new TlsFiles(missing, good.privateKey()), "--tls-cert " + missing + ": no such file");
    }

    @Test
    void aMissingKeyFileIsNamed() {
        Path missing = dir.resolve("nothing.key");

        assertRefused(new TlsFiles(good.certificate(), missing), "--tls-key " + missing + ": no such file");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() {
        TlsFiles other = ca.issueServer();

        assertRefused(
                new TlsFiles(good.certificate(), other.privateKey()),
                "--tls-key " + other.privateKey()
                        + ": does not match the certificate of --tls-cert " + good.certificate()
                        + " (the server's own certificate must come first in that file, then its chain)");
    }

    @Test
    void aKeyOfAnotherAlgorithmIsRefused() {
        TlsFiles ec = ca.issueServer("EC");

        assertRefused(
                new TlsFiles(good.certificate(), ec.privateKey()),
                "--tls-key " + ec.privateKey()
                        + ": does not match the certificate of --tls-cert " + good.certificate()
                        + " (the server's own certificate must come first in that file, then its chain)");
    }

    @Test
    void aChainWithTheCaFirstIsRefused() {
        Path chain = TestCertificates.writeCertificates(
                dir.resolve("ca-first.pem"), ca.caCertificate(), TestCertificates.readCertificate(good.certificate()));

        assertRefused(
                new TlsFiles(chain, good.privateKey()),
                "--tls-key " + good.privateKey()
                        + ": does not match the certificate of --tls-cert " + chain
                        + " (the server's own certificate must come first in that file, then its chain)");
    }

    @Test
    void swappedFilesAreNamedSo() {
        assertRefused(
                new TlsFiles(good.privateKey(), good.certificate()),
                "--tls-cert " + good.privateKey()
                        + ": holds no PEM certificate (-----BEGIN CERTIFICATE-----); it holds a private key: are --tls-cert and --tls-key swapped?");
    }

    @Test
    void aFileThatIsNotPemIsRefused() throws Exception {
        Path der = Files.write(
                dir.resolve("cert.der"),
                TestCertificates.readCertificate(good.certificate()).getEncoded());
        Path empty = Files.writeString(dir.resolve("empty.key"), "");

        assertRefused(
                new TlsFiles(der, good.privateKey()),
                "--tls-cert " + der + ": holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        assertRefused(
                new TlsFiles(good.certificate(), empty),
                "--tls-key " + empty + ": holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    @Test
    void aPkcs1KeyIsRefusedWithTheCommandThatConvertsIt() {
        Path pkcs1 = TestCertificates.asPkcs1(good.privateKey(), dir.resolve("pkcs1.key"));

        assertRefused(
                new TlsFiles(good.certificate(), pkcs1),
                "--tls-key " + pkcs1
                        + ": the key is -----BEGIN RSA PRIVATE KEY-----, not PKCS#8 (-----BEGIN PRIVATE KEY-----); convert it with: "
                        + "openssl pkey -in " + pkcs1 + " -out key-pkcs8.pem");
    }

    @Test
    void anEncryptedKeyIsRefusedWithTheCommandThatDecryptsIt() {
        Path encrypted = TestCertificates.encrypted(good.privateKey(), dir.resolve("encrypted.key"));

        assertRefused(
                new TlsFiles(good.certificate(), encrypted),
                "--tls-key " + encrypted
                        + ": the key is encrypted; the server reads only unencrypted PKCS#8 keys. Decrypt it with: openssl pkey -in "
                        + encrypted + " -out key-pkcs8.pem");
    }

    @Test
    void anEcKeyAndACertificateFollowedByItsChainServe(@TempDir Path dataDir) throws Exception {
        TlsFiles ec = ca.issueServer("EC");
        Path chain = TestCertificates.writeCertificates(
                dir.resolve("chain.pem"), TestCertificates.readCertificate(ec.certificate()), ca.caCertificate());

        try (SegexportServer server = SegexportServer.start(
                new ServerConfig(dataDir, 0, 0, TestServer.TOKEN, 0).withTls(new TlsFiles(chain, ec.privateKey())))) {
            ManagedChannel channel = Grpc.newChannelBuilderForAddress(
                            "localhost",
                            server.grpcPort(),
                            TlsChannelCredentials.newBuilder()
                                    .trustManager(ca.caFile().toFile())
                                    .build())
                    .build();
            try (GrpcClient grpc = new GrpcClient(channel)) {
                assertThat(grpc.blocking(Tenant.fresh())
                                .listExportJobs(ListExportJobsRequest.getDefaultInstance())
                                .getRecordsList())
                        .isEmpty();
            }
        }
    }
}
