package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.segexport.server.tls.TestCertificates;
import io.segexport.server.tls.TlsFiles;
import io.segexport.v1.ListExportJobsRequest;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server given --tls-cert and --tls-key: both ports speak TLS, only TLS, with the same certificate. */
class TlsServerTest {
    @TempDir
    static Path dir;

    private static TestCertificates ca;
    private static SegexportServer server;

    private final Tenant tenant = Tenant.fresh();

    @BeforeAll
    static void startTlsServer() throws Exception {
        ca = TestCertificates.authority(dir, "tls-server-test");
        TlsFiles files = ca.issueServer();
        server = SegexportServer.start(new ServerConfig(dir.resolve("data"), 0, 0, TestServer.TOKEN, 0).withTls(files));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    private static ManagedChannel tlsChannel(String host, Path trusted) throws IOException {
        return Grpc.newChannelBuilderForAddress(
                        host,
                        server.grpcPort(),
                        TlsChannelCredentials.newBuilder()
                                .trustManager(trusted.toFile())
                                .build())
                .build();
    }

    private RestClient https(HttpClient http) {
        return new RestClient("https://127.0.0.1:" + server.httpPort(), http, tenant);
    }

    @Test
    void grpcOverTlsServesAClientThatTrustsTheCa() throws Exception {
        for (String host : new String[] {"localhost", "127.0.0.1"}) {
            try (GrpcClient grpc = new GrpcClient(tlsChannel(host, ca.caFile()))) {
                String dataSet = grpc.createDataSet(tenant);

                assertThat(dataSet).matches("[0-9a-f]{24}");
                assertThat(grpc.blocking(tenant)
                                .listExportJobs(ListExportJobsRequest.getDefaultInstance())
                                .getRecordsList())
                        .isEmpty();
            }
        }
    }

    @Test
    void grpcRefusesAClientThatDoesNotTrustTheCa() throws Exception {
        TestCertificates other = TestCertificates.authority(dir, "someone-else");
        try (GrpcClient grpc = new GrpcClient(tlsChannel("127.0.0.1", other.caFile()))) {
            assertThatThrownBy(() -> grpc.blocking(tenant).listExportJobs(ListExportJobsRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        }
    }

    @Test
    void grpcRefusesPlaintext() throws Exception {
        ManagedChannel plaintext = Grpc.newChannelBuilderForAddress(
                        "127.0.0.1", server.grpcPort(), InsecureChannelCredentials.create())
                .build();
        try (GrpcClient grpc = new GrpcClient(plaintext)) {
            assertThatThrownBy(() -> grpc.blocking(tenant).listExportJobs(ListExportJobsRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        }
    }

    @Test
    void restOverHttpsAnswersAsDocumented() {
        RestClient rest =
                https(HttpClient.newBuilder().sslContext(ca.trustingContext()).build());
        String dataSet = rest.createDataSet();

        RestClient.Response created = rest.post("/data/core/ups/export/jobs", Requests.documentedCreate(dataSet));
        long id = created.json().get("id").asLong();
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.header("x-location")).isEqualTo("/data/core/ups/export/jobs/" + id);
        assertThat(created.json().get("requestId").asText()).isEqualTo(created.header("x-request-id"));
        assertThat(rest.get("/export/jobs/" + id).json()).isEqualTo(created.json());

        RestClient.Response deleted = rest.delete("/export/jobs/" + id);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();

        RestClient.Response missing = rest.get("/export/jobs/999999999");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("content-type")).isEqualTo("application/problem+json");
        JsonNode unauthenticated =
                rest.withHeader("Authorization", null).get("/export/jobs").json();
        assertThat(unauthenticated.get("error_code").asText()).isEqualTo("403010");
    }

    @Test
    void restOverHttpsRefusesAClientThatDoesNotTrustTheCa() {
        RestClient rest = https(HttpClient.newHttpClient());

        assertThatThrownBy(() -> rest.get("/export/jobs")).hasCauseInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void theHttpPortRefusesPlaintext() {
        RestClient rest = new RestClient("http://127.0.0.1:" + server.httpPort(), HttpClient.newHttpClient(), tenant);

        assertThatThrownBy(() -> rest.get("/export/jobs")).hasCauseInstanceOf(IOException.class);
    }
}
