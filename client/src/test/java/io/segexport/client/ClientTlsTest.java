package io.segexport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.segexport.server.SharedServer;
import io.segexport.server.Tenant;
import io.segexport.server.tls.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client library against a server speaking only TLS. */
class ClientTlsTest {
    @RegisterExtension
    static final SharedServer server = SharedServer.withTls();

    private ClientBuilder builder(String target) {
        return TestClients.builder(server.grpcPort(), Tenant.fresh().orgId())
                .target(target)
                .retry(RetryPolicy.NONE);
    }

    @Test
    void aTlsTargetTrustingTheCaWorks() {
        for (String host : new String[] {"localhost", "127.0.0.1"}) {
            try (SegexportClient client = server.track(builder("tls://" + host + ":" + server.grpcPort())
                    .trustedCertificates(server.caFile())
                    .build())) {
                assertThat(client.listDataSets()).isEmpty();
            }
        }
    }

    @Test
    void trustedCertificatesImplyTls() {
        try (SegexportClient client = server.track(builder("localhost:" + server.grpcPort())
                .trustedCertificates(server.caFile())
                .build())) {
            assertThat(client.listDataSets()).isEmpty();
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCaFailsNamingTheHandshake() {
        Path otherCa = TestCertificates.authority(server.certificatesDir(), "someone-else")
                .caFile();
        try (SegexportClient client = server.track(builder("tls://localhost:" + server.grpcPort())
                .trustedCertificates(otherCa)
                .build())) {
            assertThatThrownBy(client::listDataSets)
                    .isInstanceOfSatisfying(
                            SegexportException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE))
                    .hasMessage(
                            "UNAVAILABLE: TLS handshake with the server failed: unable to find valid certification path to requested target");
        }
    }

    @Test
    void aRefusedCertificateIsNotRetried() {
        Path otherCa = TestCertificates.authority(server.certificatesDir(), "not-retried")
                .caFile();
        RetryPolicy patient = new RetryPolicy(3, Duration.ofSeconds(30), Duration.ofSeconds(30));
        try (SegexportClient client = server.track(builder("tls://localhost:" + server.grpcPort())
                .trustedCertificates(otherCa)
                .retry(patient)
                .build())) {
            long start = System.nanoTime();

            assertThatThrownBy(client::listDataSets).isInstanceOf(SegexportException.class);
            assertThatThrownBy(() -> client.awaitCompletion(1, Duration.ofMinutes(1), job -> {}))
                    .isInstanceOf(SegexportException.class);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(25));
        }
    }

    @Test
    void theServersNameIsVerified() {
        // The certificate names localhost and 127.0.0.1 only; 127.0.0.2 reaches the same server on Linux.
        try (SegexportClient client = server.track(builder("tls://127.0.0.2:" + server.grpcPort())
                .trustedCertificates(server.caFile())
                .build())) {
            assertThatThrownBy(client::listDataSets)
                    .isInstanceOfSatisfying(
                            SegexportException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE))
                    .hasMessageStartingWith("UNAVAILABLE: TLS handshake with the server failed: ")
                    .hasMessageContaining("127.0.0.2");
        }
    }

    @Test
    void theSystemsCertificateAuthoritiesDoNotTrustATestCa() {
        try (SegexportClient client =
                server.track(builder("localhost:" + server.grpcPort()).tls(true).build())) {
            assertThatThrownBy(client::listDataSets)
                    .isInstanceOfSatisfying(
                            SegexportException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE))
                    .hasMessageContaining("handshake");
        }
    }

    @Test
    void aPlaintextClientFails() {
        try (SegexportClient client =
                server.track(builder("localhost:" + server.grpcPort()).build())) {
            assertThatThrownBy(client::listDataSets)
                    .isInstanceOfSatisfying(
                            SegexportException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
        }
    }

    @Test
    void trustedCertificatesThatAreNoCertificatesAreNamed() throws Exception {
        Path notACertificate = Files.writeString(server.certificatesDir().resolve("notes.txt"), "not a certificate\n");

        assertThatThrownBy(() -> builder("tls://localhost:" + server.grpcPort())
                        .trustedCertificates(notACertificate)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the trusted certificates " + notACertificate
                        + " are not PEM certificates (-----BEGIN CERTIFICATE-----)");
    }
}
