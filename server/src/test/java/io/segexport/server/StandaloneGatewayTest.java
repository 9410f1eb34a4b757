package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.net.HostAndPort;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.segexport.gateway.Gateway;
import io.segexport.gateway.GatewayMain;
import io.segexport.server.tls.TestCertificates;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The gateway alone, in front of a gRPC server over the network, as segexport-gateway runs it. */
class StandaloneGatewayTest {
    @TempDir
    Path dataDir;

    private static Server gateway(ManagedChannel backend) {
        return gateway(Server.builder().http(0), backend);
    }

    private static Server gateway(ServerBuilder sb, ManagedChannel backend) {
        Gateway.configureServices(sb, backend);
        Server server = sb.build();
        server.start().join();
        return server;
    }

    @Test
    void theGatewayServesTheApiOfARemoteGrpcServer() throws Exception {
        Tenant tenant = Tenant.fresh();
        try (TestServer backend = TestServer.start(dataDir)) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", backend.grpcPort())
                    .usePlaintext()
                    .build();
            Server gateway = gateway(channel);
            try {
                RestClient rest = new RestClient(gateway.activeLocalPort(), tenant);
                RestClient.Response created =
                        rest.post("/data/core/ups/export/jobs", Requests.documentedCreate(rest.createDataSet()));
                long id = created.json().get("id").asLong();

                assertThat(created.status()).isEqualTo(200);
                assertThat(created.header("x-location")).isEqualTo("/data/core/ups/export/jobs/" + id);
                assertThat(rest.get("/export/jobs/" + id).json()).isEqualTo(created.json());
                assertThat(backend.rest(tenant).get("/export/jobs/" + id).json())
                        .isEqualTo(created.json());
                assertThat(rest.delete("/export/jobs/" + id).status()).isEqualTo(204);
                assertThat(rest.get("/export/jobs/abc").status()).isEqualTo(400);
                assertThat(rest.withHeader("Authorization", null)
                                .get("/export/jobs")
                                .json()
                                .get("error_code")
                                .asText())
                        .isEqualTo("403010");
            } finally {
                gateway.stop().join();
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void anUnreachableBackendAnswers503InTheProblemShape() throws Exception {
        ManagedChannel channel =
                NettyChannelBuilder.forAddress("127.0.0.1", 1).usePlaintext().build();
        Server gateway = gateway(channel);
        try {
            RestClient.Response response =
                    new RestClient(gateway.activeLocalPort(), Tenant.fresh()).get("/export/jobs");

            assertThat(response.status()).isEqualTo(503);
            JsonNode problem = response.json();
            assertThat(problem.get("status").asInt()).isEqualTo(503);
            assertThat(problem.get("requestId").asText()).isEqualTo(response.header("x-request-id"));
        } finally {
            gateway.stop().join();
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBackendSilentPastTheRequestTimeoutAnswers503NotTheClients499() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", silent.getLocalPort())
                    .usePlaintext()
                    .build();
            Server gateway = gateway(Server.builder().http(0).requestTimeout(Duration.ofSeconds(1)), channel);
            try {
                RestClient.Response response =
                        new RestClient(gateway.activeLocalPort(), Tenant.fresh()).get("/export/jobs");

                assertThat(response.status()).isEqualTo(503);
                assertThat(response.json().get("detail").asText())
                        .isEqualTo("the server did not answer within the request timeout of 1 s; a change asked"
                                + " for may still take effect, so read it back before asking again");
                assertThat(response.json().get("requestId").asText()).isEqualTo(response.header("x-request-id"));
            } finally {
                gateway.stop().join();
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theGatewayReachesATlsBackendTrustingItsCa() throws Exception {
        TestCertificates ca = TestCertificates.authority(dataDir, "gateway-test");
        Tenant tenant = Tenant.fresh();
        try (SegexportServer backend = SegexportServer.start(
                new ServerConfig(dataDir.resolve("data"), 0, 0, TestServer.TOKEN, 0).withTls(ca.issueServer("EC")))) {
            HostAndPort target = HostAndPort.fromParts("localhost", backend.grpcPort());
            ManagedChannel trusting = GatewayMain.backendChannel(target, false, ca.caFile());
            ManagedChannel plaintext = GatewayMain.backendChannel(target, false, null);
            Server gateway = gateway(trusting);
            Server plaintextGateway = gateway(plaintext);
            try {
                RestClient rest = new RestClient(gateway.activeLocalPort(), tenant);
                RestClient.Response created = rest.post("/export/jobs", Requests.minimalCreate(rest.createDataSet()));

                assertThat(created.status()).isEqualTo(200);
                assertThat(rest.get("/export/jobs/" + created.json().get("id").asLong())
                                .json())
                        .isEqualTo(created.json());
                assertThat(new RestClient(plaintextGateway.activeLocalPort(), tenant)
                                .get("/export/jobs")
                                .status())
                        .isEqualTo(503);
            } finally {
                CompletableFuture.allOf(gateway.stop(), plaintextGateway.stop()).join();
                trusting.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                plaintext.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aBackendCaFileThatIsNoCertificateStopsTheGatewayNamingTheFlag() throws Exception {
        Path notPem = Files.writeString(dataDir.resolve("ca.txt"), "not a certificate");
        StringWriter err = new StringWriter();

        int exit = new CommandLine(new GatewayMain())
                .setErr(new PrintWriter(err))
                .execute("--backend", "localhost:1", "--backend-ca", notPem.toString(), "--http-port", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("segexport gateway: --backend-ca " + notPem
                        + ": holds no PEM certificate (-----BEGIN CERTIFICATE-----)" + System.lineSeparator());
    }
}
