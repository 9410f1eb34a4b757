package io.segexport.server;

import static io.segexport.server.Exports.profile;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.segexport.server.store.DataLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's metrics over REST: a job that has not ended has only its start; an ended one, however it
 * ended, has both timings whole and both counters, 0 and {} when it exported nothing.
 */
class EndedJobMetricsTest {
    @RegisterExtension
    static final SharedServer paused = new SharedServer();

    @RegisterExtension
    static final SharedServer running = new SharedServer(1);

    @TempDir
    Path dataDir;

    @Test
    void aNewJobHasOnlyItsStartAsDocumented() {
        RestClient rest = paused.rest(Tenant.fresh());

        JsonNode job = rest.get(Exports.JOBS + "/" + Exports.create(rest, Requests.minimalCreate(rest.createDataSet())))
                .json();

        assertThat(job.get("metrics").toString())
                .isEqualTo("{\"totalTime\":{\"startTimeInMs\":"
                        + job.get("creationTime").asLong() + "}}");
        assertThat(job.has("progress")).isFalse();
    }

    @Test
    void aJobThatExportedNothingSucceedsWithZeroCounters() throws Exception {
        RestClient rest = running.rest(Tenant.fresh());

        JsonNode job = Exports.awaitEnd(rest, Exports.create(rest, Requests.minimalCreate(rest.createDataSet())));

        assertThat(job.get("status").asText()).isEqualTo("SUCCEEDED");
        assertZeroCounters(job);
        assertWholeTimings(job);
    }

    @Test
    void aJobThatExportedNothingEndsWithEveryProgressCounterAtZero() throws Exception {
        RestClient rest = running.rest(Tenant.fresh());

        JsonNode job = Exports.awaitEnd(rest, Exports.create(rest, Requests.minimalCreate(rest.createDataSet())));

        assertThat(job.get("progress").toString())
                .isEqualTo("{\"profilesRead\":0,\"rowsWritten\":0,\"profilesTotal\":0,\"profilesEvaluated\":0}");
    }

    @Test
    void aCancelledJobHasZeroCountersAndBothTimings() {
        RestClient rest = paused.rest(Tenant.fresh());
        long id = Exports.create(rest, Requests.minimalCreate(rest.createDataSet()));

        assertThat(rest.delete(Exports.JOBS + "/" + id).status()).isEqualTo(204);

        JsonNode job = rest.get(Exports.JOBS + "/" + id).json();
        assertThat(job.get("status").asText()).isEqualTo("CANCELLED");
        assertZeroCounters(job);
        assertWholeTimings(job);
        assertThat(job.at("/metrics/profileExportTime/totalTimeInMs").asLong())
                .as("it never exported")
                .isZero();
    }

    @Test
    void aFailedJobHasZeroCountersAndBothTimings() throws Exception {
        try (TestServer server = TestServer.start(dataDir, 1)) {
            RestClient rest = server.rest(Tenant.fresh());
            String dataSet = rest.createDataSet();
            Exports.ingestProfiles(rest, dataSet, profile("a@x.com", "", ""));
            // A file where the staging folder belongs: the export begins, then cannot write its batch.
            Files.writeString(new DataLayout(dataDir).staging(), "in the way");

            JsonNode job = Exports.awaitEnd(rest, Exports.create(rest, Requests.minimalCreate(dataSet)));

            assertThat(job.get("status").asText()).isEqualTo("FAILED");
            assertZeroCounters(job);
            assertWholeTimings(job);
        }
    }

    private static void assertZeroCounters(JsonNode job) {
        JsonNode metrics = job.get("metrics");
        assertThat(metrics.get("totalExportedProfileCounter")).as("%s", metrics).isNotNull();
        assertThat(metrics.get("totalExportedProfileCounter").isIntegralNumber())
                .isTrue();
        assertThat(metrics.get("totalExportedProfileCounter").asLong()).isZero();
        assertThat(metrics.get("exportedProfileByNamespaceCounter"))
                .as("%s", metrics)
                .isNotNull();
        assertThat(metrics.get("exportedProfileByNamespaceCounter").isObject()).isTrue();
        assertThat(metrics.get("exportedProfileByNamespaceCounter")).isEmpty();
    }

    /** Both timings with their three numbers, each span ending where it should. */
    private static void assertWholeTimings(JsonNode job) {
        for (String timing : new String[] {"totalTime", "profileExportTime"}) {
            JsonNode span = job.at("/metrics/" + timing);
            for (String field : new String[] {"startTimeInMs", "endTimeInMs", "totalTimeInMs"}) {
                assertThat(span.get(field))
                        .as("%s.%s in %s", timing, field, span)
                        .isNotNull();
                assertThat(span.get(field).isIntegralNumber()).isTrue();
            }
            assertThat(span.get("totalTimeInMs").asLong())
                    .isEqualTo(span.get("endTimeInMs").asLong()
                            - span.get("startTimeInMs").asLong());
        }
        assertThat(job.at("/metrics/totalTime/startTimeInMs").asLong())
                .isEqualTo(job.get("creationTime").asLong());
        assertThat(job.at("/metrics/totalTime/endTimeInMs").asLong())
                .isEqualTo(job.get("updateTime").asLong());
    }
}
