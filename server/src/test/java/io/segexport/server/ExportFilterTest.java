package io.segexport.server;

import static io.segexport.server.Exports.membership;
import static io.segexport.server.Exports.profile;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Filter semantics, table-driven: one hand-built set of profiles, and for each filter the exact set
 * of exported identities, through the real engine.
 */
class ExportFilterTest {
    /** Moved forward around {@link #betweenIngests}, to tell the ingests' times apart without sleeping. */
    static final MutableClock clock = MutableClock.running();

    @RegisterExtension
    static final SharedServer server = new SharedServer(2, clock);

    static final Tenant tenant = Tenant.fresh();
    static RestClient rest;
    static String dataSet;
    /** An instant between the first ingest and the last. */
    static Instant betweenIngests;

    @BeforeAll
    static void ingest() throws InterruptedException {
        rest = server.rest(tenant);
        dataSet = rest.createDataSet();
        Exports.ingestProfiles(
                rest,
                dataSet,
                profile("p1@x.com", membership("ups", "seg1", "realized", "2018-01-15T00:00:00Z"), ""),
                profile("p2@x.com", membership("ups", "seg1", "existing", "2018-01-20T00:00:00Z"), ""),
                profile("p3@x.com", membership("ups", "seg1", "exited", "2018-01-25T00:00:00Z"), ""),
                profile("p4@x.com", membership("AAM", "seg2", "realized", "2018-02-10T00:00:00Z"), ""),
                profile("p5@x.com", membership("ups", "seg1", "realized", "2017-12-15T00:00:00Z"), ""));
        Exports.ingestEvents(rest, dataSet, """
                {"identityMap": {"email": [{"id": "p6@x.com", "primary": true}]}, "_id": "e6",
                 "timestamp": "2018-01-05T00:00:00Z", "eventType": "web.webpagedetails.pageViews"}""");
        clock.advance(Duration.ofSeconds(1));
        betweenIngests = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        Exports.ingestProfiles(rest, dataSet, profile("p7@x.com", "", ""));
    }

    static Stream<Arguments> filters() {
        String all = "[\"realized\", \"existing\", \"exited\"]";
        return Stream.of(
                Arguments.of(
                        "no filter: every profile with a profile record",
                        "",
                        Set.of("p1", "p2", "p3", "p4", "p5", "p7")),
                Arguments.of(
                        "emptyProfiles true adds the events-only profile",
                        "\"emptyProfiles\": true",
                        Set.of("p1", "p2", "p3", "p4", "p5", "p6", "p7")),
                Arguments.of(
                        "a segment with the default statuses",
                        segments("{\"segmentId\": \"seg1\"}"),
                        Set.of("p1", "p2", "p5")),
                Arguments.of(
                        "realized only",
                        segments("{\"segmentId\": \"seg1\", \"status\": [\"realized\"]}"),
                        Set.of("p1", "p5")),
                Arguments.of(
                        "exited only", segments("{\"segmentId\": \"seg1\", \"status\": [\"exited\"]}"), Set.of("p3")),
                Arguments.of(
                        "every status",
                        segments("{\"segmentId\": \"seg1\", \"status\": " + all + "}"),
                        Set.of("p1", "p2", "p3", "p5")),
                Arguments.of(
                        "the segment id in another namespace",
                        segments("{\"segmentId\": \"seg1\", \"segmentNs\": \"AAM\"}"),
                        Set.of()),
                Arguments.of(
                        "a segment of another namespace",
                        segments("{\"segmentId\": \"seg2\", \"segmentNs\": \"AAM\"}"),
                        Set.of("p4")),
                Arguments.of(
                        "two segments",
                        segments("{\"segmentId\": \"seg1\"}, {\"segmentId\": \"seg2\", \"segmentNs\": \"AAM\"}"),
                        Set.of("p1", "p2", "p4", "p5")),
                Arguments.of(
                        "a qualification window",
                        segments("{\"segmentId\": \"seg1\"}") + ", "
                                + window("2018-01-01T00:00:00Z", "2018-02-01T00:00:00Z"),
                        Set.of("p1", "p2")),
                Arguments.of(
                        "a window whose ends are qualification times",
                        segments("{\"segmentId\": \"seg1\", \"status\": " + all + "}") + ", "
                                + window("2018-01-15T00:00:00Z", "2018-01-20T00:00:00Z"),
                        Set.of("p1", "p2")),
                Arguments.of(
                        "a window starting a millisecond after a qualification",
                        segments("{\"segmentId\": \"seg1\"}") + ", "
                                + window("2018-01-15T00:00:00.001Z", "2018-02-01T00:00:00Z"),
                        Set.of("p2")),
                Arguments.of(
                        "a window with only an end",
                        segments("{\"segmentId\": \"seg1\"}")
                                + ", \"segmentQualificationTime\": {\"endTime\": \"2018-01-01T00:00:00Z\"}",
                        Set.of("p5")),
                Arguments.of(
                        "fromIngestTimestamp keeps profiles ingested after it",
                        "\"fromIngestTimestamp\": \"FROM\"",
                        Set.of("p7")));
    }

    private static String segments(String segments) {
        return "\"segments\": [" + segments + "]";
    }

    private static String window(String start, String end) {
        return "\"segmentQualificationTime\": {\"startTime\": \"" + start + "\", \"endTime\": \"" + end + "\"}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void theFilterExportsExactlyTheseProfiles(String name, String filter, Set<String> expected)
            throws InterruptedException {
        String body = "{\"destination\": {\"datasetId\": \"" + dataSet
                + "\"}, \"schema\": {\"name\": \"_xdm.context.profile\"}," + " \"filter\": {"
                + filter.replace("FROM", betweenIngests.toString()) + "}}";
        JsonNode job = Exports.awaitEnd(rest, Exports.create(rest, body));

        assertThat(job.get("status").asText()).as("%s", job).isEqualTo("SUCCEEDED");
        Set<String> exported = new TreeSet<>();
        for (JsonNode row : Exports.rows(rest, job.at("/destination/batchId").asText())) {
            exported.add(row.at("/identityMap/email/0/id").asText().replace("@x.com", ""));
        }
        assertThat(exported).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(job.at("/metrics/totalExportedProfileCounter").asLong()).isEqualTo(expected.size());
    }
}
