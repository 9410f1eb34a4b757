package io.segexport.server;

import static io.segexport.server.Exports.membership;
import static io.segexport.server.Exports.profile;
import static io.segexport.server.Exports.withPoints;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jobs with evaluationInfo.segmentation true, end to end: definitions created over REST, profiles
 * and events ingested over REST, the job's exported rows read back through the Data Access paths,
 * against sets computed here from how the profiles were made.
 */
class SegmentEvaluationTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer(2);

    private final Tenant tenant = Tenant.fresh();
    private final RestClient rest = server.rest(tenant);
    private final String dataSet = rest.createDataSet();

    private String define(String pql) {
        RestClient.Response response =
                rest.post(SegmentDefinitionTest.DEFINITIONS, SegmentDefinitionTest.definition("test", pql));
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json().get("id").asText();
    }

    /** Runs a job over these segments (namespace "ups", every status) and returns it, ended. */
    private JsonNode run(boolean segmentation, String... segmentIds) throws InterruptedException {
        JsonNode job = Exports.awaitEnd(
                rest,
                Exports.create(
                        rest,
                        Requests.segmentsJob(
                                dataSet, segmentation, List.of("realized", "existing", "exited"), segmentIds)));
        assertThat(job.get("status").asText()).as("%s", job).isEqualTo("SUCCEEDED");
        return job;
    }

    /** The emails of the exported rows that show a membership in the segment → its status and lastQualificationTime. */
    private Map<String, String> exported(JsonNode job, String segmentId) {
        Map<String, String> rows = new TreeMap<>();
        if (job.at("/metrics/totalExportedProfileCounter").asLong() == 0) {
            return rows;
        }
        for (JsonNode row : Exports.rows(rest, job.at("/destination/batchId").asText())) {
            JsonNode membership = row.at("/segmentMembership/ups/" + segmentId);
            if (membership.isMissingNode()) {
                continue;
            }
            rows.put(
                    row.at("/identityMap/email/0/id").asText(),
                    membership.path("status").asText() + " "
                            + membership.path("lastQualificationTime").asText());
        }
        return rows;
    }

    @Test
    void aJobExportsExactlyTheProfilesItsDefinitionSelects() throws InterruptedException {
        VariedProfiles.ingest(rest, dataSet);
        String segment = define(VariedProfiles.DEFINITION);

        JsonNode job = run(true, segment);

        Map<String, String> rows = exported(job, segment);
        assertThat(rows.keySet()).isEqualTo(VariedProfiles.members());
        assertThat(rows.values())
                .allSatisfy(membership -> assertThat(membership).startsWith("realized "));
        assertThat(job.at("/metrics/segmentedProfileCounter").asLong()).isEqualTo(VariedProfiles.COUNT);
        assertThat(job.at("/metrics/segmentationTime/totalTimeInMs").isIntegralNumber())
                .isTrue();
        assertThat(job.at("/progress/profilesEvaluated").isIntegralNumber()).isTrue();
        assertThat(job.at("/progress/profilesEvaluated").asLong()).isEqualTo(VariedProfiles.COUNT);
    }

    @Test
    void evaluatingAgainAfterProfilesChangeGivesExistingExitedAndRealized() throws InterruptedException {
        Exports.ingestProfiles(
                rest,
                dataSet,
                withPoints("stays@x.com", 150),
                withPoints("leaves@x.com", 150),
                withPoints("joins@x.com", 50),
                withPoints("never@x.com", 10));
        String segment = define("loyalty.points >= 100");

        Map<String, String> first = exported(run(true, segment), segment);
        Exports.ingestProfiles(
                rest,
                dataSet,
                withPoints("stays@x.com", 200),
                withPoints("leaves@x.com", 10),
                withPoints("joins@x.com", 300),
                withPoints("never@x.com", 20));
        Map<String, String> second = exported(run(true, segment), segment);

        assertThat(first.keySet()).containsExactly("leaves@x.com", "stays@x.com");
        assertThat(first.values())
                .allSatisfy(membership -> assertThat(membership).startsWith("realized "));
        String firstTime = first.get("stays@x.com").substring("realized ".length());
        assertThat(second.keySet()).containsExactly("joins@x.com", "leaves@x.com", "stays@x.com");
        assertThat(second.get("stays@x.com")).startsWith("existing ").isNotEqualTo("existing " + firstTime);
        assertThat(second.get("leaves@x.com")).isEqualTo("exited " + firstTime);
        assertThat(second.get("joins@x.com"))
                .startsWith("realized ")
                .isEqualTo(second.get("stays@x.com").replace("existing", "realized"));
    }

    @Test
    void aSegmentWithoutADefinitionKeepsItsIngestedMemberships() throws InterruptedException {
        Exports.ingestProfiles(
                rest,
                dataSet,
                profile("ingested@x.com", membership("ups", "hand-made", "existing", "2018-01-15T00:00:00Z"), ""),
                withPoints("rich@x.com", 500));
        String segment = define("loyalty.points >= 100");

        JsonNode job = run(true, segment, "hand-made");

        assertThat(exported(job, "hand-made")).containsEntry("ingested@x.com", "existing 2018-01-15T00:00:00Z");
        assertThat(exported(job, segment))
                .containsOnlyKeys("rich@x.com")
                .hasEntrySatisfying(
                        "rich@x.com", membership -> assertThat(membership).startsWith("realized "));
    }

    @Test
    void aJobThatDoesNotAskForSegmentationEvaluatesNothing() throws InterruptedException {
        Exports.ingestProfiles(rest, dataSet, withPoints("rich@x.com", 500));
        String segment = define("loyalty.points >= 100");

        JsonNode job = run(false, segment);

        assertThat(job.at("/metrics/totalExportedProfileCounter").asLong()).isZero();
        assertThat(job.at("/metrics").has("segmentationTime")).isFalse();
        assertThat(job.at("/metrics").has("segmentedProfileCounter")).isFalse();
    }

    @Test
    void aJobOfTwoDefinitionsEvaluatesEachProfileOnceAndExportsTheMembersOfEither() throws InterruptedException {
        Exports.ingestProfiles(
                rest,
                dataSet,
                IntStream.range(0, 30)
                        .mapToObj(i -> withPoints("m" + i + "@x.com", i * 10))
                        .toArray(String[]::new));
        String low = define("loyalty.points < 100");
        String high = define("loyalty.points >= 250");

        JsonNode job = run(true, low, high);

        assertThat(job.at("/metrics/segmentedProfileCounter").asLong()).isEqualTo(30);
        Map<String, String> lows = exported(job, low);
        assertThat(lows.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, 10).mapToObj(i -> "m" + i + "@x.com").toList());
        assertThat(job.at("/metrics/totalExportedProfileCounter").asLong()).isEqualTo(10 + 5);
    }

    @Test
    void aDefinitionReadsTheProfileMergedUnderItsMergePolicy() throws InterruptedException {
        String otherDataSet = rest.createDataSet();
        Exports.ingestProfiles(rest, dataSet, withPoints("merged@x.com", 500), withPoints("alone@x.com", 500));
        Exports.ingestProfiles(rest, otherDataSet, withPoints("merged@x.com", 10));
        String segment = define("loyalty.points >= 100");

        assertThat(exported(run(true, segment), segment)).containsOnlyKeys("alone@x.com");
    }

    @Test
    void aNullAttributeIsNullAndMatchesNoComparison() throws InterruptedException {
        Exports.ingestProfiles(
                rest,
                dataSet,
                profile("null@x.com", "", "\"loyalty\": {\"points\": null}"),
                withPoints("set@x.com", 5));
        String isNull = define("loyalty.points.isNull()");
        String compared = define("loyalty.points != 7");

        JsonNode job = run(true, isNull, compared);

        assertThat(exported(job, isNull)).containsOnlyKeys("null@x.com");
        assertThat(exported(job, compared)).containsOnlyKeys("set@x.com");
    }

    @Test
    void anotherTenantsDefinitionIsNotEvaluated() throws InterruptedException {
        RestClient other = server.rest(Tenant.fresh());
        RestClient.Response created = other.post(
                SegmentDefinitionTest.DEFINITIONS, SegmentDefinitionTest.definition("theirs", "loyalty.points >= 100"));
        assertThat(created.status()).as("%s", created).isEqualTo(200);
        Exports.ingestProfiles(rest, dataSet, withPoints("rich@x.com", 500));

        JsonNode job = run(true, created.json().get("id").asText());

        assertThat(job.at("/metrics").has("segmentationTime")).isFalse();
        assertThat(job.at("/metrics/totalExportedProfileCounter").asLong()).isZero();
    }
}
