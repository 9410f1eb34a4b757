package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.segexport.server.auth.ConfiguredAuthenticator;
import io.segexport.v1.CreateExportJobRequest;
import io.segexport.v1.Destination;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobServiceGrpc.ExportJobServiceBlockingStub;
import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.GetExportJobRequest;
import io.segexport.v1.Schema;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's components without its ports: the API's service definitions, interceptors included,
 * mounted on an in-process server, as a test that needs no network can mount them.
 */
class ServerComponentsTest {
    @TempDir
    Path dataDir;

    @Test
    void aJobCreatedOverAnInProcessChannelWithTheDevelopmentTokenIsReadBack() throws Exception {
        ServerConfig config = new ServerConfig(dataDir, 0, 0, TestServer.TOKEN, 0);
        String name = "components-test-" + dataDir.getFileName();
        try (ServerComponents components = ServerComponents.open(
                config,
                ConfiguredAuthenticator.create(config.devToken(), null, Clock.systemUTC()),
                new SimpleMeterRegistry())) {
            InProcessServerBuilder builder =
                    InProcessServerBuilder.forName(name).directExecutor();
            components.api().forEach(builder::addService);
            io.grpc.Server server = builder.build().start();
            try (GrpcClient grpc = new GrpcClient(
                    InProcessChannelBuilder.forName(name).directExecutor().build())) {
                Tenant tenant = Tenant.fresh();
                ExportJobServiceBlockingStub jobs = grpc.blocking(tenant);

                ExportJob created = jobs.createExportJob(CreateExportJobRequest.newBuilder()
                        .setExportJob(ExportJob.newBuilder()
                                .setDestination(Destination.newBuilder().setDatasetId(grpc.createDataSet(tenant)))
                                .setSchema(Schema.newBuilder().setName("_xdm.context.profile")))
                        .build());

                assertThat(created.getStatus()).as("no worker runs it").isEqualTo(ExportJobStatus.NEW);
                assertThat(jobs.getExportJob(GetExportJobRequest.newBuilder()
                                .setId(created.getId())
                                .build()))
                        .isEqualTo(created);
            } finally {
                server.shutdownNow().awaitTermination();
            }
        }
    }
}
