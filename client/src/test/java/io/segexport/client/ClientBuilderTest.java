package io.segexport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.segexport.server.SharedServer;
import io.segexport.server.Tenant;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The builder's checks, and what its target and TLS settings mean on the wire. */
class ClientBuilderTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer(0);

    @Test
    void buildNamesEveryMissingSetting() {
        assertThatThrownBy(() -> SegexportClient.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith("missing these settings: target, token, apiKey, org, sandbox");
    }

    @Test
    void buildNamesOnlyTheSettingsThatAreMissing() {
        assertThatThrownBy(() -> TestClients.builder(server.grpcPort(), null)
                        .sandbox(null)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith("missing these settings: org, sandbox");
    }

    @Test
    void aBlankSettingCountsAsMissing() {
        assertThatThrownBy(() -> TestClients.builder(
                                server.grpcPort(), Tenant.fresh().orgId())
                        .token(" ")
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith("missing these settings: token");
    }

    @Test
    void aTargetWithoutAPortIsRefused() {
        assertThatThrownBy(() -> TestClients.builder(0, Tenant.fresh().orgId())
                        .target("localhost")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("target must be host:port or tls://host:port, not \"localhost\"");
    }

    @Test
    void aDeadlineThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> TestClients.builder(
                                server.grpcPort(), Tenant.fresh().orgId())
                        .deadline(Duration.ZERO)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deadline");
    }

    @Test
    void unreadableTrustedCertificatesAreNamed(@TempDir Path dir) {
        Path missing = dir.resolve("ca.pem");

        assertThatThrownBy(() -> TestClients.builder(
                                server.grpcPort(), Tenant.fresh().orgId())
                        .trustedCertificates(missing)
                        .build())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void aHostAndPortTargetSpeaksPlaintext() {
        try (SegexportClient client =
                TestClients.builder(server.grpcPort(), Tenant.fresh().orgId()).build()) {
            assertThat(client.listDataSets()).isEmpty();
        }
    }

    @Test
    void aTlsTargetSpeaksTls() {
        // The test server speaks plaintext only: a TLS handshake with it fails.
        try (SegexportClient client = TestClients.builder(
                        server.grpcPort(), Tenant.fresh().orgId())
                .target("tls://127.0.0.1:" + server.grpcPort())
                .retry(RetryPolicy.NONE)
                .build()) {
            assertThatThrownBy(client::listDataSets)
                    .isInstanceOfSatisfying(
                            SegexportException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
        }
    }

    @Test
    void tlsTrueSpeaksTlsToAHostAndPortTarget() {
        try (SegexportClient client = TestClients.builder(
                        server.grpcPort(), Tenant.fresh().orgId())
                .tls(true)
                .retry(RetryPolicy.NONE)
                .build()) {
            assertThatThrownBy(client::listDataSets)
                    .isInstanceOfSatisfying(
                            SegexportException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
        }
    }
}
