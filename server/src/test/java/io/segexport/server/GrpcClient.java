package io.segexport.server;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.segexport.v1.ExportJobServiceGrpc;
import io.segexport.v1.MergePolicyServiceGrpc;
import io.segexport.v1.ProfileServiceGrpc;
import io.segexport.v1.SegmentDefinitionServiceGrpc;
import java.util.concurrent.TimeUnit;

/** A grpc-java channel to a test server, and stubs that send one tenant's headers. */
final class GrpcClient implements AutoCloseable {
    final ManagedChannel channel;

    GrpcClient(int port) {
        this(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build());
    }

    /** Over this channel (e.g. a TLS one); closed with the client. */
    GrpcClient(ManagedChannel channel) {
        this.channel = channel;
    }

    ExportJobServiceGrpc.ExportJobServiceBlockingStub blocking(Tenant tenant) {
        return ExportJobServiceGrpc.newBlockingStub(channel)
                .withInterceptors(headers(tenant))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    ExportJobServiceGrpc.ExportJobServiceStub async(Tenant tenant) {
        return ExportJobServiceGrpc.newStub(channel).withInterceptors(headers(tenant));
    }

    io.segexport.v1.CatalogServiceGrpc.CatalogServiceBlockingStub catalog(Tenant tenant) {
        return io.segexport.v1.CatalogServiceGrpc.newBlockingStub(channel)
                .withInterceptors(headers(tenant))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    io.segexport.v1.DataAccessServiceGrpc.DataAccessServiceBlockingStub dataAccess(Tenant tenant) {
        return io.segexport.v1.DataAccessServiceGrpc.newBlockingStub(channel)
                .withInterceptors(headers(tenant))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    /** Creates a dataset of the profile schema over gRPC; returns its id. */
    String createDataSet(Tenant tenant) {
        String ref = catalog(tenant)
                .createDataSet(io.segexport.v1.CreateDataSetRequest.newBuilder()
                        .setDataSet(io.segexport.v1.DataSet.newBuilder()
                                .setName("test")
                                .setSchemaRef(io.segexport.v1.SchemaRef.newBuilder()
                                        .setId("https://ns.adobe.com/xdm/context/profile")))
                        .build())
                .getRefs(0);
        return ref.substring("@/dataSets/".length());
    }

    MergePolicyServiceGrpc.MergePolicyServiceBlockingStub mergePolicies(Tenant tenant) {
        return MergePolicyServiceGrpc.newBlockingStub(channel)
                .withInterceptors(headers(tenant))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    SegmentDefinitionServiceGrpc.SegmentDefinitionServiceBlockingStub segmentDefinitions(Tenant tenant) {
        return SegmentDefinitionServiceGrpc.newBlockingStub(channel)
                .withInterceptors(headers(tenant))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    ProfileServiceGrpc.ProfileServiceBlockingStub profiles(Tenant tenant) {
        return ProfileServiceGrpc.newBlockingStub(channel)
                .withInterceptors(headers(tenant))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    /** For the client-streaming calls, which blocking stubs cannot make. */
    ProfileServiceGrpc.ProfileServiceStub profilesAsync(Tenant tenant) {
        return ProfileServiceGrpc.newStub(channel)
                .withInterceptors(headers(tenant))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    static io.grpc.ClientInterceptor headers(Tenant tenant) {
        Metadata headers = new Metadata();
        headers.put(key("authorization"), "Bearer " + tenant.token());
        headers.put(key("x-api-key"), tenant.apiKey());
        headers.put(key("x-gw-ims-org-id"), tenant.orgId());
        headers.put(key("x-sandbox-name"), tenant.sandbox());
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    private static Metadata.Key<String> key(String name) {
        return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
