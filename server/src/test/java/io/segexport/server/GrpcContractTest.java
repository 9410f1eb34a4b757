package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.segexport.v1.CancelExportJobRequest;
import io.segexport.v1.CancelExportJobResponse;
import io.segexport.v1.CreateExportJobRequest;
import io.segexport.v1.Destination;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobServiceGrpc.ExportJobServiceBlockingStub;
import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.GetExportJobRequest;
import io.segexport.v1.JobType;
import io.segexport.v1.ListExportJobsRequest;
import io.segexport.v1.ListExportJobsResponse;
import io.segexport.v1.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The four operations over gRPC with the generated stubs, and the reflection and health services. */
class GrpcContractTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer();

    private final Tenant tenant = Tenant.fresh();
    private final ExportJobServiceBlockingStub jobs = server.grpc().blocking(tenant);
    private final String dataSet = server.grpc().createDataSet(tenant);

    private CreateExportJobRequest createRequest() {
        return CreateExportJobRequest.newBuilder()
                .setExportJob(ExportJob.newBuilder()
                        .setDestination(Destination.newBuilder().setDatasetId(dataSet))
                        .setSchema(Schema.newBuilder().setName("_xdm.context.profile")))
                .build();
    }

    @Test
    void blockingCreateAnswersANewJob() {
        ExportJob job = jobs.createExportJob(createRequest());

        assertThat(job.getId()).isPositive();
        assertThat(job.getStatus()).isEqualTo(ExportJobStatus.NEW);
        assertThat(job.getJobType()).isEqualTo(JobType.BATCH);
        assertThat(job.getImsOrgId()).isEqualTo(tenant.orgId());
        assertThat(job.getDestination().getBatchId()).hasSize(32);
        assertThat(job.getCreationTime()).isPositive();
    }

    @Test
    void blockingGetAnswersTheStoredJob() {
        ExportJob created = jobs.createExportJob(createRequest());

        assertThat(jobs.getExportJob(
                        GetExportJobRequest.newBuilder().setId(created.getId()).build()))
                .isEqualTo(created);
    }

    @Test
    void blockingListAnswersTheTenantsJobsNewestFirst() {
        ExportJob first = jobs.createExportJob(createRequest());
        ExportJob second = jobs.createExportJob(createRequest());

        ListExportJobsResponse page = jobs.listExportJobs(ListExportJobsRequest.getDefaultInstance());

        assertThat(page.getRecordsList()).containsExactly(second, first);
        assertThat(page.getLink().getNext()).isEmpty();
    }

    @Test
    void blockingCancelOfANewJobMarksItForCancelling() {
        ExportJob created = jobs.createExportJob(createRequest());

        CancelExportJobResponse response = jobs.cancelExportJob(
                CancelExportJobRequest.newBuilder().setId(created.getId()).build());

        assertThat(response.getStatus()).isTrue();
        assertThat(response.getMessage()).isEqualTo("Export job has been marked for cancelling");
        assertThat(jobs.getExportJob(GetExportJobRequest.newBuilder()
                                .setId(created.getId())
                                .build())
                        .getStatus())
                .isEqualTo(ExportJobStatus.CANCELLED);
    }

    @Test
    void blockingCancelOfAnEndedJobDeletesIt() {
        ExportJob created = jobs.createExportJob(createRequest());
        CancelExportJobRequest cancel =
                CancelExportJobRequest.newBuilder().setId(created.getId()).build();
        jobs.cancelExportJob(cancel);

        CancelExportJobResponse response = jobs.cancelExportJob(cancel);

        assertThat(response.getMessage()).isEqualTo("Export job has been deleted");
        assertThat(jobs.listExportJobs(ListExportJobsRequest.getDefaultInstance())
                        .getRecordsList())
                .isEmpty();
    }

    @Test
    void asyncStubCreatesAndReadsAJob() throws Exception {
        CompletableFuture<ExportJob> created = new CompletableFuture<>();
        server.grpc().async(tenant).createExportJob(createRequest(), observer(created));
        ExportJob job = created.get(10, TimeUnit.SECONDS);

        CompletableFuture<ExportJob> read = new CompletableFuture<>();
        server.grpc()
                .async(tenant)
                .getExportJob(
                        GetExportJobRequest.newBuilder().setId(job.getId()).build(), observer(read));

        assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(job);
    }

    @Test
    void asyncStubListsAndCancels() throws Exception {
        ExportJob job = jobs.createExportJob(createRequest());
        CompletableFuture<CancelExportJobResponse> cancelled = new CompletableFuture<>();
        server.grpc()
                .async(tenant)
                .cancelExportJob(
                        CancelExportJobRequest.newBuilder().setId(job.getId()).build(), observer(cancelled));
        assertThat(cancelled.get(10, TimeUnit.SECONDS).getStatus()).isTrue();

        CompletableFuture<ListExportJobsResponse> listed = new CompletableFuture<>();
        server.grpc()
                .async(tenant)
                .listExportJobs(
                        ListExportJobsRequest.newBuilder()
                                .setStatus("cancelled")
                                .build(),
                        observer(listed));

        assertThat(listed.get(10, TimeUnit.SECONDS).getRecordsList())
                .extracting(ExportJob::getId)
                .containsExactly(job.getId());
    }

    @Test
    void reflectionListsTheExportJobService() throws Exception {
        CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests =
                ServerReflectionGrpc.newStub(server.grpc().channel).serverReflectionInfo(observer(answer));
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();

        List<String> services = new ArrayList<>();
        for (ServiceResponse service :
                answer.get(10, TimeUnit.SECONDS).getListServicesResponse().getServiceList()) {
            services.add(service.getName());
        }
        assertThat(services).contains("segexport.v1.ExportJobService", "grpc.health.v1.Health");
    }

    @Test
    void reflectionDescribesTheServiceWithItsComments() throws Exception {
        CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests =
                ServerReflectionGrpc.newStub(server.grpc().channel).serverReflectionInfo(observer(answer));
        requests.onNext(ServerReflectionRequest.newBuilder()
                .setFileContainingSymbol("segexport.v1.ExportJobService")
                .build());
        requests.onCompleted();

        List<String> comments = new ArrayList<>();
        for (var bytes :
                answer.get(10, TimeUnit.SECONDS).getFileDescriptorResponse().getFileDescriptorProtoList()) {
            FileDescriptorProto file = FileDescriptorProto.parseFrom(bytes);
            file.getSourceCodeInfo().getLocationList().forEach(location -> comments.add(location.getLeadingComments()));
        }
        assertThat(comments).anyMatch(comment -> comment.contains("Lists the caller's export jobs, newest first"));
        assertThat(comments).anyMatch(comment -> comment.contains("Numeric id, unique and increasing"));
    }

    @Test
    void reflectionDescribesTheProfileMergePolicyAndSegmentDefinitionServicesWithTheirComments() throws Exception {
        List<String> comments = new ArrayList<>();
        for (String service : List.of(
                "segexport.v1.ProfileService",
                "segexport.v1.MergePolicyService",
                "segexport.v1.SegmentDefinitionService")) {
            CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
            StreamObserver<ServerReflectionRequest> requests =
                    ServerReflectionGrpc.newStub(server.grpc().channel).serverReflectionInfo(observer(answer));
            requests.onNext(ServerReflectionRequest.newBuilder()
                    .setFileContainingSymbol(service)
                    .build());
            requests.onCompleted();
            for (var bytes :
                    answer.get(10, TimeUnit.SECONDS).getFileDescriptorResponse().getFileDescriptorProtoList()) {
                FileDescriptorProto file = FileDescriptorProto.parseFrom(bytes);
                file.getSourceCodeInfo()
                        .getLocationList()
                        .forEach(location -> comments.add(location.getLeadingComments()));
            }
        }

        assertThat(comments).anyMatch(comment -> comment.contains("Ingests profile records"));
        assertThat(comments).anyMatch(comment -> comment.contains("Creates a merge policy"));
        assertThat(comments).anyMatch(comment -> comment.contains("Creates a segment definition"));
    }

    @Test
    @SuppressWarnings("deprecation")
    void legacyReflectionListsTheExportJobServiceToo() throws Exception {
        CompletableFuture<io.grpc.reflection.v1alpha.ServerReflectionResponse> answer = new CompletableFuture<>();
        var requests = io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(server.grpc().channel)
                .serverReflectionInfo(observer(answer));
        requests.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder()
                .setListServices("")
                .build());
        requests.onCompleted();

        assertThat(answer.get(10, TimeUnit.SECONDS).getListServicesResponse().getServiceList())
                .extracting(io.grpc.reflection.v1alpha.ServiceResponse::getName)
                .contains("segexport.v1.ExportJobService");
    }

    @Test
    void healthServiceAnswersServing() {
        HealthCheckResponse health =
                HealthGrpc.newBlockingStub(server.grpc().channel).check(HealthCheckRequest.getDefaultInstance());

        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    /** An observer that completes the future with the first message, or fails it. */
    static <T> StreamObserver<T> observer(CompletableFuture<T> future) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                future.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                future.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                future.completeExceptionally(new AssertionError("completed without a message"));
            }
        };
    }
}
