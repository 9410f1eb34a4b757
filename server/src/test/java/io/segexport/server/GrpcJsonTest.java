package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.segexport.v1.CancelExportJobRequest;
import io.segexport.v1.CreateExportJobRequest;
import io.segexport.v1.Destination;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobServiceGrpc.ExportJobServiceBlockingStub;
import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.GetExportJobRequest;
import io.segexport.v1.ListExportJobsRequest;
import io.segexport.v1.Schema;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * gRPC responses as gRPC-JSON tools (grpcurl, buf curl) print them, with protobuf's own
 * JsonFormat: the counters the contract declares optional appear at 0; an empty list or map has no
 * wire form, so it cannot appear there (the REST face writes it, see EmptyListsTest).
 */
class GrpcJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final SharedServer paused = new SharedServer();

    @RegisterExtension
    static final SharedServer running = new SharedServer(1);

    @Test
    void anEmptyListPrintsItsPageAndLinkButNoRecords() throws Exception {
        Tenant tenant = Tenant.fresh();

        JsonNode list = printed(paused.grpc()
                .blocking(tenant)
                .listExportJobs(
                        ListExportJobsRequest.newBuilder().setStatus("NEW").build()));

        assertThat(list.toString())
                .isEqualTo("{\"page\":{\"sortField\":\"createdTime\",\"sort\":\"desc\","
                        + "\"pageOffset\":\"\",\"pageSize\":0},\"link\":{\"next\":\"\"}}");
    }

    @Test
    void aCancelledJobPrintsItsCountersAndTimingsAtZero() throws Exception {
        Tenant tenant = Tenant.fresh();
        ExportJobServiceBlockingStub jobs = paused.grpc().blocking(tenant);
        long id = create(jobs, paused.grpc().createDataSet(tenant)).getId();
        jobs.cancelExportJob(CancelExportJobRequest.newBuilder().setId(id).build());

        JsonNode job = printed(
                jobs.getExportJob(GetExportJobRequest.newBuilder().setId(id).build()));

        assertThat(job.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(job.at("/metrics/totalExportedProfileCounter").asText()).isEqualTo("0");
        assertThat(job.at("/metrics/profileExportTime/totalTimeInMs").asText()).isEqualTo("0");
        assertThat(job.at("/metrics/totalTime").has("endTimeInMs")).isTrue();
    }

    @Test
    void aJobThatExportedNothingPrintsEveryCounterAtZero() throws Exception {
        Tenant tenant = Tenant.fresh();
        ExportJobServiceBlockingStub jobs = running.grpc().blocking(tenant);
        long id = create(jobs, running.grpc().createDataSet(tenant)).getId();

        JsonNode job = printed(awaitEnd(jobs, id));

        assertThat(job.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(job.at("/metrics/totalExportedProfileCounter").asText()).isEqualTo("0");
        assertThat(job.at("/metrics").has("exportedProfileByNamespaceCounter"))
                .as("an empty map has no wire form")
                .isFalse();
        assertThat(job.get("progress").toString())
                .isEqualTo(
                        "{\"profilesRead\":\"0\",\"rowsWritten\":\"0\",\"profilesTotal\":\"0\",\"profilesEvaluated\":\"0\"}");
    }

    private static ExportJob create(ExportJobServiceBlockingStub jobs, String dataSet) {
        return jobs.createExportJob(CreateExportJobRequest.newBuilder()
                .setExportJob(ExportJob.newBuilder()
                        .setDestination(Destination.newBuilder().setDatasetId(dataSet))
                        .setSchema(Schema.newBuilder().setName("_xdm.context.profile")))
                .build());
    }

    private static ExportJob awaitEnd(ExportJobServiceBlockingStub jobs, long id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            ExportJob job =
                    jobs.getExportJob(GetExportJobRequest.newBuilder().setId(id).build());
            if (job.getStatus() == ExportJobStatus.SUCCEEDED || job.getStatus() == ExportJobStatus.FAILED) {
                return job;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("job " + id + " did not end within a minute");
    }

    /** The message as JsonFormat's default printer writes it. */
    private static JsonNode printed(MessageOrBuilder message)
            throws InvalidProtocolBufferException, java.io.IOException {
        return JSON.readTree(JsonFormat.printer().print(message));
    }
}
