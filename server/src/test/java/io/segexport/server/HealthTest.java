package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liveness and readiness over HTTP, gRPC's health per service, and the management port that takes
 * {@code /metrics} and the checks off the HTTP port.
 */
class HealthTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer();

    @TempDir
    Path dataDir;

    private ManagedChannel channel;

    @Test
    void aStartedServerIsLiveAndReady() {
        assertThat(Scrapes.get(server.httpPort(), "/health/live").statusCode()).isEqualTo(200);
        assertThat(Scrapes.get(server.httpPort(), "/health/ready").statusCode()).isEqualTo(200);
        assertThat(Scrapes.get(server.httpPort(), "/health").body()).isEqualTo("{\"healthy\":true}");
    }

    @Test
    void grpcHealthAnswersServingForTheServerAndEachApiService() {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);

        assertThat(health.check(request("")).getStatus()).isEqualTo(ServingStatus.SERVING);
        for (String service : new String[] {
            "segexport.v1.ExportJobService",
            "segexport.v1.CatalogService",
            "segexport.v1.DataAccessService",
            "segexport.v1.ProfileService"
        }) {
            assertThat(health.check(request(service)).getStatus()).as(service).isEqualTo(ServingStatus.SERVING);
        }
    }

    @Test
    void grpcHealthOfAnUnknownServiceIsNotFound() {
        assertThatThrownBy(() -> HealthGrpc.newBlockingStub(channel).check(request("segexport.v1.NoSuchService")))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.NOT_FOUND));
    }

    @Test
    void aManagementPortServesMetricsAndChecksInsteadOfTheHttpPort() throws Exception {
        try (SegexportServer managed = SegexportServer.start(TestServer.config(dataDir, 0), OptionalInt.of(0))) {
            int management = managed.managementPort().orElseThrow();

            assertThat(Scrapes.get(management, "/metrics").statusCode()).isEqualTo(200);
            assertThat(Scrapes.get(management, "/health/ready").statusCode()).isEqualTo(200);
            assertThat(Scrapes.get(management, "/health/live").statusCode()).isEqualTo(200);
            assertThat(Scrapes.get(managed.httpPort(), "/metrics").statusCode()).isEqualTo(404);
            assertThat(Scrapes.get(managed.httpPort(), "/health/ready").statusCode())
                    .isEqualTo(404);
        }
    }

    @BeforeEach
    void connect() {
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort())
                .usePlaintext()
                .build();
    }

    @AfterEach
    void disconnect() {
        channel.shutdownNow();
    }

    private static HealthCheckRequest request(String service) {
        return HealthCheckRequest.newBuilder().setService(service).build();
    }
}
