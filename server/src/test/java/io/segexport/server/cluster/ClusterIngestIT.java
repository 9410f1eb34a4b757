package io.segexport.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.segexport.json.ProtoJsonReader;
import io.segexport.server.profiles.ingest.Ingestion;
import io.segexport.server.profiles.store.ProfileStore;
import io.segexport.server.store.Database;
import io.segexport.server.store.Records;
import io.segexport.server.store.Tenant;
import io.segexport.server.store.TenantRecords;
import io.segexport.v1.DataSet;
import io.segexport.v1.IngestRequest;
import io.segexport.v1.IngestResponse;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The services' own ingestion ({@link Ingestion}) in cluster mode, on real brokers: records sent
 * through either node, against a dataset that one node created in the cluster's catalog, end in the
 * partitions as the embedded store keeps the same requests, and the answers are the same.
 */
class ClusterIngestIT {
    private static final ClusterNames NAMES = new ClusterNames("ingest-it");
    private static final Tenant TENANT = new Tenant("A@AdobeOrg", "prod");
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);
    private static final int PEOPLE = 60;

    @TempDir
    static Path dir;

    private static StreamsInstances instances;
    private static IngestProducer producer;

    @BeforeAll
    static void start() throws Exception {
        instances = StreamsInstances.twoOf(NAMES, dir, 4, TENANT);
        producer = instances.producer();
        for (String dataSet : List.of("crm", "web")) {
            instances
                    .records(1)
                    .dataSets()
                    .put(TENANT, dataSet, DataSet.newBuilder().setId(dataSet).build());
        }
    }

    /** The services' ingestion as node {@code id} runs it: its catalog, the cluster's ingest topic. */
    private static Ingestion through(int id) {
        return new Ingestion(producer, instances.records(id).dataSets(), CLOCK);
    }

    @AfterAll
    static void stop() {
        producer.close();
        instances.close();
    }

    @Test
    void recordsSentThroughEitherNodeEndAsTheEmbeddedStoreKeepsThem() throws Exception {
        try (Database database = Database.open(dir.resolve("embedded"))) {
            Records<DataSet> dataSets = TenantRecords.dataSets(database);
            for (String dataSet : List.of("crm", "web")) {
                dataSets.put(
                        TENANT, dataSet, DataSet.newBuilder().setId(dataSet).build());
            }
            Ingestion embedded = new Ingestion(new ProfileStore(database), dataSets, CLOCK);
            List<String> people = new ArrayList<>();
            List<String> events = new ArrayList<>();
            for (int n = 0; n < PEOPLE; n++) {
                people.add("{'identityMap': {'email': [{'id': 'p" + n + "@example.com', 'primary': true}],"
                        + " 'ecid': [{'id': 'c" + n + "'}]}, 'name': 'p" + n + "'}");
                events.add("{'_id': 'e" + n + "', 'identityMap': {'ecid': [{'id': 'c" + n + "'}]},"
                        + " 'timestamp': '2024-01-01T00:00:00Z'}");
            }
            String profiles = "[" + String.join(", ", people) + ", {'name': 'no identity'}]";

            IngestResponse answered = through(1).profiles(TENANT, request("crm", profiles));
            assertThat(answered).isEqualTo(embedded.profiles(TENANT, request("crm", profiles)));
            assertThat(answered.getAccepted()).isEqualTo(PEOPLE);
            instances.awaitProfiles(PEOPLE);
            String eventRecords = "[" + String.join(", ", events) + "]";
            assertThat(through(2).events(TENANT, request("web", eventRecords)))
                    .isEqualTo(embedded.events(TENANT, request("web", eventRecords)));

            instances.awaitFamiliesOf(database, PEOPLE);
        }
    }

    @Test
    void aRequestForADataSetTheClusterDoesNotKnowIsRefusedNamingTheField() {
        assertThatThrownBy(() -> through(2).profiles(TENANT, request("nowhere", "[]")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("datasetId");
                });
    }

    /** An IngestRequest from JSON whose quotes are single. */
    private static IngestRequest request(String datasetId, String records) throws Exception {
        String json = "{\"datasetId\": \"" + datasetId + "\", \"records\": " + records.replace('\'', '"') + "}";
        return ProtoJsonReader.read(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), IngestRequest.getDefaultInstance());
    }
}
