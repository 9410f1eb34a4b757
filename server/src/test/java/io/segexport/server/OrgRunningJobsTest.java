package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.segexport.v1.IngestRequest;
import io.segexport.v1.IngestResponse;
import io.segexport.v1.ProfileServiceGrpc;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * org-running-jobs: with two workers and a limit of one running job per org, an org's second job
 * waits as NEW (never refused) while its first runs, even in another sandbox, and a later job of
 * another org runs meanwhile; the waiting job runs once the first has ended.
 */
class OrgRunningJobsTest {
    /** Enough profiles that org A's first job runs well past another org's one-profile job. */
    private static final int BIG = 50_000;

    @RegisterExtension
    static final SharedServer server = new SharedServer(2, TestServer.LIMITS.with("org-running-jobs", "1"));

    private static void ingestMany(Tenant tenant, String dataSet, int profiles) throws InterruptedException {
        Iterator<IngestRequest> chunks = IntStream.iterate(0, start -> start < profiles, start -> start + 1000)
                .mapToObj(start -> {
                    IngestRequest.Builder chunk = IngestRequest.newBuilder().setDatasetId(dataSet);
                    IntStream.range(start, Math.min(profiles, start + 1000)).forEach(i -> chunk.addRecords(profile(i)));
                    return chunk.build();
                })
                .iterator();
        IngestResponse response = IngestStreams.send(
                ProfileServiceGrpc.newStub(server.grpc().channel)
                        .withInterceptors(GrpcClient.headers(tenant))
                        .withDeadlineAfter(2, TimeUnit.MINUTES)::streamProfiles,
                chunks,
                Duration.ofMinutes(2));
        assertThat(response.getAccepted()).isEqualTo(profiles);
    }

    private static Struct profile(int i) {
        Struct identity = Struct.newBuilder()
                .putFields("id", text("user" + i + "@example.com"))
                .build();
        Struct identityMap = Struct.newBuilder()
                .putFields(
                        "email",
                        Value.newBuilder()
                                .setListValue(ListValue.newBuilder()
                                        .addValues(Value.newBuilder().setStructValue(identity)))
                                .build())
                .build();
        Struct name = Struct.newBuilder()
                .putFields("firstName", text("First" + i))
                .putFields("lastName", text("Last" + i))
                .build();
        return Struct.newBuilder()
                .putFields(
                        "identityMap",
                        Value.newBuilder().setStructValue(identityMap).build())
                .putFields(
                        "person",
                        Value.newBuilder()
                                .setStructValue(Struct.newBuilder()
                                        .putFields(
                                                "name",
                                                Value.newBuilder()
                                                        .setStructValue(name)
                                                        .build()))
                                .build())
                .putFields(
                        "loyalty",
                        Value.newBuilder()
                                .setStructValue(Struct.newBuilder()
                                        .putFields(
                                                "points",
                                                Value.newBuilder()
                                                        .setNumberValue(i)
                                                        .build())
                                        .putFields("tier", text(i % 2 == 0 ? "gold" : "silver")))
                                .build())
                .build();
    }

    private static Value text(String value) {
        return Value.newBuilder().setStringValue(value).build();
    }

    private static String status(RestClient rest, long id) {
        return rest.get(Exports.JOBS + "/" + id).json().get("status").asText();
    }

    private static void awaitStatus(RestClient rest, long id, String wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!status(rest, id).equals(wanted)) {
            assertThat(System.nanoTime())
                    .as("job %d never became %s", id, wanted)
                    .isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static long exportStart(JsonNode job) {
        return job.at("/metrics/profileExportTime/startTimeInMs").asLong();
    }

    private static long exportEnd(JsonNode job) {
        return job.at("/metrics/profileExportTime/endTimeInMs").asLong();
    }

    @Test
    void anOrgsSecondJobWaitsAsNewWhileAnotherOrgsJobRunsThenRunsAfterTheFirst() throws Exception {
        Tenant orgA = Tenant.fresh();
        Tenant orgAOtherSandbox = orgA.inSandbox("dev");
        Tenant orgB = Tenant.fresh();
        RestClient a = server.rest(orgA);
        RestClient aDev = server.rest(orgAOtherSandbox);
        RestClient b = server.rest(orgB);
        String bigDataSet = a.createDataSet();
        ingestMany(orgA, bigDataSet, BIG);
        String devDataSet = aDev.createDataSet();
        Exports.ingestProfiles(aDev, devDataSet, Ingest.json(Ingest.record("email", "dev@example.com")));
        String smallDataSet = b.createDataSet();
        Exports.ingestProfiles(b, smallDataSet, Ingest.json(Ingest.record("email", "b@example.com")));

        long first = Exports.create(a, Requests.minimalCreate(bigDataSet));
        awaitStatus(a, first, "PROCESSING");
        long second = Exports.create(aDev, Requests.minimalCreate(devDataSet));
        long otherOrgs = Exports.create(b, Requests.minimalCreate(smallDataSet));

        // The other org's job, created after the second, runs on the free worker and ends ...
        JsonNode otherOrgsJob = Exports.awaitEnd(b, otherOrgs);
        assertThat(otherOrgsJob.get("status").asText()).isEqualTo("SUCCEEDED");
        // ... while the first still runs and the second, accepted, waits as NEW.
        String firstBefore = status(a, first);
        String secondMeanwhile = status(aDev, second);
        String firstAfter = status(a, first);
        assertThat(firstBefore)
                .as("the first job must outlast the other org's job for this test to tell")
                .isEqualTo("PROCESSING");
        assertThat(firstAfter).isEqualTo("PROCESSING");
        assertThat(secondMeanwhile).isEqualTo("NEW");

        // Once the first has ended, the second runs.
        JsonNode firstJob = Exports.awaitEnd(a, first);
        JsonNode secondJob = Exports.awaitEnd(aDev, second);
        assertThat(firstJob.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(firstJob.at("/metrics/totalExportedProfileCounter").asLong()).isEqualTo(BIG);
        assertThat(secondJob.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(secondJob.at("/metrics/totalExportedProfileCounter").asLong())
                .isEqualTo(1);
        // The engine's own record of when each ran says the same.
        assertThat(exportStart(otherOrgsJob)).isLessThan(exportEnd(firstJob));
        assertThat(exportStart(secondJob)).isGreaterThanOrEqualTo(exportEnd(firstJob));
    }
}
