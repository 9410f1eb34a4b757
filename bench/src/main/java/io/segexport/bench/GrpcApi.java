package io.segexport.bench;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.segexport.v1.CatalogServiceGrpc;
import io.segexport.v1.CreateDataSetRequest;
import io.segexport.v1.CreateExportJobRequest;
import io.segexport.v1.CreateSegmentDefinitionRequest;
import io.segexport.v1.DataSet;
import io.segexport.v1.Destination;
import io.segexport.v1.EvaluationInfo;
import io.segexport.v1.ExportFilter;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobServiceGrpc;
import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.GetExportJobRequest;
import io.segexport.v1.PqlExpression;
import io.segexport.v1.Schema;
import io.segexport.v1.SchemaRef;
import io.segexport.v1.SegmentDefinition;
import io.segexport.v1.SegmentDefinitionServiceGrpc;
import io.segexport.v1.SegmentFilter;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The server's gRPC face as one tenant: datasets, export jobs run to their end, job reads. */
final class GrpcApi implements AutoCloseable {
    private final ManagedChannel channel;
    private final Channel tenantChannel;

    GrpcApi(int port, BenchTenant tenant) {
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port)
                .usePlaintext()
                .maxInboundMessageSize(64 << 20)
                .build();
        this.tenantChannel = ClientInterceptors.intercept(channel, tenant.grpcHeaders());
    }

    /** The channel with the tenant's headers on every call. */
    Channel channel() {
        return tenantChannel;
    }

    /** Creates a dataset of the profile schema; returns its id. */
    String createDataSet() {
        String ref = CatalogServiceGrpc.newBlockingStub(tenantChannel)
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .createDataSet(CreateDataSetRequest.newBuilder()
                        .setDataSet(DataSet.newBuilder()
                                .setName("bench")
                                .setSchemaRef(SchemaRef.newBuilder().setId("https://ns.adobe.com/xdm/context/profile")))
                        .build())
                .getRefs(0);
        return ref.substring("@/dataSets/".length());
    }

    /**
     * Creates an export job of every profile into {@code dataSet}, or of the realized members of
     * {@code segment} when given, and waits for its end; fails unless it succeeded.
     */
    ExportJob export(String dataSet, Optional<String> segment) throws InterruptedException {
        ExportJob.Builder job = exportInto(dataSet);
        segment.ifPresent(id -> job.setFilter(ExportFilter.newBuilder()
                .addSegments(SegmentFilter.newBuilder()
                        .setSegmentId(id)
                        .setSegmentNs("ups")
                        .addStatus("realized"))));
        return run(job);
    }

    /**
     * Creates a job that evaluates the segment {@code definitionId} over every profile, then exports
     * its members (realized or existing), and waits for its end; fails unless it succeeded.
     */
    ExportJob evaluateAndExport(String dataSet, String definitionId) throws InterruptedException {
        return run(exportInto(dataSet)
                .setEvaluationInfo(EvaluationInfo.newBuilder().setSegmentation(true))
                .setFilter(ExportFilter.newBuilder()
                        .addSegments(SegmentFilter.newBuilder()
                                .setSegmentId(definitionId)
                                .setSegmentNs("ups")
                                .addStatus("realized")
                                .addStatus("existing"))));
    }

    /** Creates a segment definition of that PQL expression; returns its id. */
    String createSegmentDefinition(String pql) {
        return SegmentDefinitionServiceGrpc.newBlockingStub(tenantChannel)
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .createSegmentDefinition(CreateSegmentDefinitionRequest.newBuilder()
                        .setSegmentDefinition(SegmentDefinition.newBuilder()
                                .setName("bench")
                                .setSchema(Schema.newBuilder().setName("_xdm.context.profile"))
                                .setExpression(PqlExpression.newBuilder()
                                        .setType("PQL")
                                        .setFormat("pql/text")
                                        .setValue(pql)))
                        .build())
                .getId();
    }

    private static ExportJob.Builder exportInto(String dataSet) {
        return ExportJob.newBuilder()
                .setDestination(Destination.newBuilder().setDatasetId(dataSet))
                .setSchema(Schema.newBuilder().setName("_xdm.context.profile"));
    }

    private ExportJob run(ExportJob.Builder job) throws InterruptedException {
        ExportJob created = blocking()
                .createExportJob(
                        CreateExportJobRequest.newBuilder().setExportJob(job).build());
        ExportJob current = created;
        while (current.getStatus() == ExportJobStatus.NEW || current.getStatus() == ExportJobStatus.PROCESSING) {
            Thread.sleep(20);
            current = blocking()
                    .getExportJob(GetExportJobRequest.newBuilder()
                            .setId(created.getId())
                            .build());
        }
        if (current.getStatus() != ExportJobStatus.SUCCEEDED) {
            throw new IllegalStateException(
                    "export job " + created.getId() + " ended " + current.getStatus() + ": " + current);
        }
        return current;
    }

    /** One GetExportJob call, asynchronous. */
    CompletableFuture<ExportJob> getJob(long id) {
        CompletableFuture<ExportJob> answer = new CompletableFuture<>();
        ExportJobServiceGrpc.newStub(tenantChannel)
                .getExportJob(GetExportJobRequest.newBuilder().setId(id).build(), new StreamObserver<>() {
                    @Override
                    public void onNext(ExportJob job) {
                        answer.complete(job);
                    }

                    @Override
                    public void onError(Throwable t) {
                        answer.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        answer.completeExceptionally(new IllegalStateException("GetExportJob answered nothing"));
                    }
                });
        return answer;
    }

    private ExportJobServiceGrpc.ExportJobServiceBlockingStub blocking() {
        return ExportJobServiceGrpc.newBlockingStub(tenantChannel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
}
