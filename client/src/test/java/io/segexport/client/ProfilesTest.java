package io.segexport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Struct;
import io.grpc.Status;
import io.segexport.server.SharedServer;
import io.segexport.v1.Entity;
import io.segexport.v1.IngestResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Ingestion, unary and streaming, and reading profiles back. */
class ProfilesTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer(0);

    @Test
    void ingestProfilesKeepsTheGoodRecordsAndNamesTheRejectedOnesByIndex() {
        SegexportClient client = TestClients.newTenant(server);
        String dataSet = client.createDataSet(Fixtures.dataSet("crm"));

        IngestResponse response = client.ingestProfiles(
                dataSet,
                List.of(
                        Fixtures.profile("a@example.com"),
                        Fixtures.profileWithoutIdentity(),
                        Fixtures.profile("b@example.com")));

        assertThat(response.getAccepted()).isEqualTo(2);
        assertThat(response.getRejectedTotal()).isEqualTo(1);
        assertThat(response.getRejected(0).getIndex()).isEqualTo(1);
        assertThat(response.getRejected(0).getMessage()).contains("records[1]").contains("identityMap");
        assertThat(client.getEntity("b@example.com", "email")).isPresent();
    }

    @Test
    void ingestEventsKeepsTheEvents() {
        SegexportClient client = TestClients.newTenant(server);
        String dataSet = client.createDataSet(Fixtures.dataSet("web"));

        IngestResponse response = client.ingestEvents(
                dataSet,
                List.of(
                        Fixtures.event("a@example.com", "2024-05-01T10:00:00Z"),
                        Fixtures.event("a@example.com", "2024-05-01T10:05:00Z")));

        assertThat(response.getAccepted()).isEqualTo(2);
        assertThat(response.getRejectedTotal()).isZero();
    }

    @Test
    void importProfilesStreamsManyRecordsAndCountsRejectedIndexesAcrossTheStream() {
        SegexportClient client = TestClients.newTenant(server);
        String dataSet = client.createDataSet(Fixtures.dataSet("crm"));
        int records = 5_000;
        int bad = 3_217;

        IngestResponse totals;
        try (RecordImporter importer = client.importProfiles(dataSet)) {
            for (int i = 0; i < records; i++) {
                importer.add(
                        i == bad ? Fixtures.profileWithoutIdentity() : Fixtures.profile("user" + i + "@example.com"));
            }
            totals = importer.finish();
            assertThat(importer.sent()).isEqualTo(records);
        }

        assertThat(totals.getAccepted()).isEqualTo(records - 1);
        assertThat(totals.getRejectedTotal()).isEqualTo(1);
        assertThat(totals.getRejected(0).getIndex()).isEqualTo(bad);
        assertThat(client.getEntity("user4999@example.com", "email")).isPresent();
    }

    @Test
    void importProfilesSplitsLargeRecordsIntoMessagesTheServerTakes() {
        SegexportClient client = TestClients.newTenant(server);
        String dataSet = client.createDataSet(Fixtures.dataSet("crm"));
        // Eight records of 600 kB: 4.8 MB in all, over the server's 4 MiB limit for one message.
        String note = "x".repeat(600_000);

        IngestResponse totals;
        try (RecordImporter importer = client.importProfiles(dataSet)) {
            for (int i = 0; i < 8; i++) {
                importer.add(Fixtures.profile("user" + i + "@example.com").toBuilder()
                        .putFields("note", Fixtures.text(note))
                        .build());
            }
            totals = importer.finish();
        }

        assertThat(totals.getAccepted()).isEqualTo(8);
    }

    @Test
    void importEventsStreamsTheEvents() {
        SegexportClient client = TestClients.newTenant(server);
        String dataSet = client.createDataSet(Fixtures.dataSet("web"));

        IngestResponse totals;
        try (RecordImporter importer = client.importEvents(dataSet)) {
            for (int i = 0; i < 1_500; i++) {
                importer.add(Fixtures.event("user" + (i % 10) + "@example.com", "2024-05-01T10:00:00Z"));
            }
            totals = importer.finish();
        }

        assertThat(totals.getAccepted()).isEqualTo(1_500);
    }

    @Test
    void importIntoAnUnknownDataSetFailsNamingTheDataSet() {
        SegexportClient client = TestClients.newTenant(server);

        try (RecordImporter importer = client.importProfiles("0123456789abcdef01234567")) {
            importer.add(Fixtures.profile("a@example.com"));

            assertThatThrownBy(importer::finish).isInstanceOfSatisfying(SegexportException.class, e -> {
                assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(e.fieldViolations()).extracting(v -> v.getField()).containsExactly("datasetId");
            });
        }
    }

    @Test
    void closingAnImportBeforeFinishSendsNoMoreRecords() {
        SegexportClient client = TestClients.newTenant(server);
        String dataSet = client.createDataSet(Fixtures.dataSet("crm"));

        try (RecordImporter importer = client.importProfiles(dataSet)) {
            for (int i = 0; i < 1_500; i++) {
                importer.add(Fixtures.profile("user" + i + "@example.com"));
            }
            assertThat(importer.sent()).isEqualTo(1_000);
        }

        assertThat(client.getEntity("user1499@example.com", "email")).isEmpty();
    }

    @Test
    void getEntityReturnsTheMergedProfileOfAnIdentity() {
        SegexportClient client = TestClients.newTenant(server);
        String dataSet = client.createDataSet(Fixtures.dataSet("crm"));
        client.ingestProfiles(dataSet, List.of(Fixtures.profile("a@example.com")));

        Optional<Entity> entity = client.getEntity("a@example.com", "email");

        assertThat(entity).isPresent();
        assertThat(entity.get().getEntityId()).isEqualTo("a@example.com");
        assertThat(entity.get()
                        .getEntity()
                        .getFieldsOrThrow("personalEmail")
                        .getStructValue()
                        .getFieldsOrThrow("address")
                        .getStringValue())
                .isEqualTo("a@example.com");
        assertThat(entity.get().getMergePolicy().getId()).isEqualTo(MergePoliciesTest.BUILT_IN);
    }

    @Test
    void getEntityOfAnUnknownIdentityIsEmpty() {
        assertThat(TestClients.newTenant(server).getEntity("nobody@example.com", "email"))
                .isEmpty();
    }

    @Test
    void getEntityWithAnUnknownMergePolicyThrowsRatherThanFindingNothing() {
        SegexportClient client = TestClients.newTenant(server);

        assertThatThrownBy(() -> client.getEntity("a@example.com", "email", "00000000-0000-0000-0000-000000000000"))
                .isInstanceOfSatisfying(SegexportException.class, e -> {
                    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.fieldViolations())
                            .extracting(v -> v.getField())
                            .containsExactly("mergePolicyId");
                });
    }

    @Test
    void getEntityMergesUnderTheGivenMergePolicy() {
        SegexportClient client = TestClients.newTenant(server);
        String crm = client.createDataSet(Fixtures.dataSet("crm"));
        String web = client.createDataSet(Fixtures.dataSet("web"));
        client.ingestProfiles(crm, List.of(withFirstName(Fixtures.profile("a@example.com"), "Ann")));
        client.ingestProfiles(web, List.of(withFirstName(Fixtures.profile("a@example.com"), "Anna")));
        String crmFirst = client.createMergePolicy(MergePoliciesTest.precedence("crm first", crm, web))
                .getId();

        assertThat(firstName(client.getEntity("a@example.com", "email").orElseThrow()))
                .isEqualTo("Anna");
        assertThat(firstName(
                        client.getEntity("a@example.com", "email", crmFirst).orElseThrow()))
                .isEqualTo("Ann");
    }

    private static Struct withFirstName(Struct profile, String firstName) {
        return profile.toBuilder()
                .putFields(
                        "person",
                        Fixtures.object(Struct.newBuilder()
                                .putFields(
                                        "name",
                                        Fixtures.object(Struct.newBuilder()
                                                .putFields("firstName", Fixtures.text(firstName))
                                                .build()))
                                .build()))
                .build();
    }

    private static String firstName(Entity entity) {
        return entity.getEntity()
                .getFieldsOrThrow("person")
                .getStructValue()
                .getFieldsOrThrow("name")
                .getStructValue()
                .getFieldsOrThrow("firstName")
                .getStringValue();
    }
}
