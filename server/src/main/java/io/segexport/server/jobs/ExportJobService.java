package io.segexport.server.jobs;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.segexport.server.mergepolicies.MergePolicyStore;
import io.segexport.server.rpc.CallContext;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.rpc.Unary;
import io.segexport.server.store.KeysetPage;
import io.segexport.server.store.Records;
import io.segexport.server.store.Tenant;
import io.segexport.server.validation.Texts;
import io.segexport.v1.CancelExportJobRequest;
import io.segexport.v1.CancelExportJobResponse;
import io.segexport.v1.ComputeGatewayJobId;
import io.segexport.v1.CreateExportJobRequest;
import io.segexport.v1.DataSet;
import io.segexport.v1.Destination;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobServiceGrpc;
import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.GetExportJobRequest;
import io.segexport.v1.JobMetrics;
import io.segexport.v1.JobType;
import io.segexport.v1.Link;
import io.segexport.v1.ListExportJobsRequest;
import io.segexport.v1.ListExportJobsResponse;
import io.segexport.v1.Page;
import io.segexport.v1.SegmentBatch;
import io.segexport.v1.SegmentFilter;
import io.segexport.v1.TimeSpan;
import io.segexport.v1.WatchExportJobRequest;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** The four documented operations of {@code /export/jobs}, over the caller's tenant of the job store. */
public final class ExportJobService extends ExportJobServiceGrpc.ExportJobServiceImplBase {
    static final String CANCELLED_MESSAGE = "Export job has been marked for cancelling";
    static final String DELETED_MESSAGE = "Export job has been deleted";

    private final ExportJobs store;
    private final Records<DataSet> dataSets;
    private final MergePolicyStore mergePolicies;
    private final Clock clock;
    private final Runnable newJobSignal;
    private final JobWatchers watchers;

    /**
     * {@code newJobSignal} tells the export engine that a job is waiting; {@code watchers} must be
     * the {@code store}'s listener.
     */
    public ExportJobService(
            ExportJobs store,
            Records<DataSet> dataSets,
            MergePolicyStore mergePolicies,
            Clock clock,
            Runnable newJobSignal,
            JobWatchers watchers) {
        this.store = store;
        this.watchers = watchers;
        this.dataSets = dataSets;
        this.mergePolicies = mergePolicies;
        this.clock = clock;
        this.newJobSignal = newJobSignal;
    }

    @Override
    public void listExportJobs(ListExportJobsRequest request, StreamObserver<ListExportJobsResponse> response) {
        Unary.respond(response, () -> {
            ListJobsQuery query = ListJobsQuery.of(request);
            KeysetPage<ExportJob> page = store.list(tenant(), query.status(), query.after(), query.limit());
            List<ExportJob> jobs = page.items();
            String lastCursor =
                    jobs.isEmpty() ? "" : cursor(jobs.get(jobs.size() - 1)).toString();
            return ListExportJobsResponse.newBuilder()
                    .addAllRecords(jobs)
                    .setPage(Page.newBuilder()
                            .setSortField("createdTime")
                            .setSort("desc")
                            .setPageOffset(lastCursor)
                            .setPageSize(jobs.size()))
                    .setLink(Link.newBuilder()
                            .setNext(page.hasMore() ? query.nextLink(cursor(jobs.get(jobs.size() - 1))) : ""))
                    .build();
        });
    }

    @Override
    public void createExportJob(CreateExportJobRequest request, StreamObserver<ExportJob> response) {
        Unary.respond(response, () -> {
            ExportJob input = CreateJobValidator.validate(request.getExportJob());
            String datasetId = input.getDestination().getDatasetId();
            if (dataSets.get(tenant(), datasetId).isEmpty()) {
                throw ServiceErrors.invalidArgument(
                        "destination.datasetId", "names no dataset of this org and sandbox: " + datasetId);
            }
            String policyId = input.getMergePolicy().getId();
            if (mergePolicies.find(tenant(), policyId).isEmpty()) {
                throw ServiceErrors.invalidArgument(
                        "mergePolicy.id",
                        "is not a merge policy of this org and sandbox: \"" + Texts.shorten(policyId) + "\"");
            }
            long now = clock.millis();
            ExportJob.Builder job = input.toBuilder()
                    .setJobType(JobType.BATCH)
                    .setStatus(ExportJobStatus.NEW)
                    .setImsOrgId(tenant().orgId())
                    .setProfileInstanceId("ups")
                    .setCreationTime(now)
                    .setUpdateTime(now)
                    .setRequestId(CallContext.requestId())
                    .setComputeGatewayJobId(ComputeGatewayJobId.newBuilder().setExportJob(""))
                    .setMetrics(JobMetrics.newBuilder()
                            .setTotalTime(TimeSpan.newBuilder().setStartTimeInMs(now)))
                    .setDestination(withBatches(input));
            ExportJob created = store.create(tenant(), job);
            newJobSignal.run();
            CallContext.addResponseHeader("x-location", "/data/core/ups/export/jobs/" + created.getId());
            return created;
        });
    }

    @Override
    public void getExportJob(GetExportJobRequest request, StreamObserver<ExportJob> response) {
        Unary.respond(
                response, () -> store.get(tenant(), request.getId()).orElseThrow(() -> notFound(request.getId())));
    }

    /** Cancels a job that has not ended, deletes one that has. */
    @Override
    public void cancelExportJob(CancelExportJobRequest request, StreamObserver<CancelExportJobResponse> response) {
        Unary.respond(response, () -> {
            ExportJobs.Cancelled done = store.cancel(tenant(), request.getId(), clock.millis())
                    .orElseThrow(() -> notFound(request.getId()));
            return CancelExportJobResponse.newBuilder()
                    .setStatus(true)
                    .setMessage(done == ExportJobs.Cancelled.DELETED ? DELETED_MESSAGE : CANCELLED_MESSAGE)
                    .build();
        });
    }

    @Override
    public void watchExportJob(WatchExportJobRequest request, StreamObserver<ExportJob> response) {
        Tenant tenant = tenant();
        ServerCallStreamObserver<ExportJob> call = (ServerCallStreamObserver<ExportJob>) response;
        boolean found = store.readThenListen(tenant, request.getId(), current -> {
            current.ifPresent(job -> watchers.add(tenant, job, call));
            return current.isPresent();
        });
        if (!found) {
            response.onError(notFound(request.getId()));
        }
    }

    private static Destination withBatches(ExportJob job) {
        Destination.Builder destination = job.getDestination().toBuilder();
        if (!destination.getSegmentPerBatch()) {
            return destination.setBatchId(newBatchId()).build();
        }
        for (SegmentFilter segment : job.getFilter().getSegmentsList()) {
            destination.addBatches(SegmentBatch.newBuilder()
                    .setSegmentId(segment.getSegmentId())
                    .setSegmentNs(segment.getSegmentNs())
                    .addAllStatus(segment.getStatusList())
                    .setBatchId(newBatchId()));
        }
        return destination.build();
    }

    private static String newBatchId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static JobCursor cursor(ExportJob job) {
        return new JobCursor(job.getCreationTime(), job.getId());
    }

    private static Tenant tenant() {
        return CallContext.caller().tenant();
    }

    private static StatusRuntimeException notFound(long id) {
        return ServiceErrors.notFound("export job " + id + " does not exist");
    }
}
