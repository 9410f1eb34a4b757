package io.segexport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.segexport.server.SharedServer;
import io.segexport.v1.SegmentDefinition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Segment definitions: created, read, listed across pages and deleted. */
class SegmentDefinitionsTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer(0);

    static final String UNKNOWN_ID = "00000000-0000-0000-0000-000000000000";

    /** A definition of this name selecting the profiles that satisfy this PQL text. */
    @Test
    void createSegmentDefinitionReturnsItWithItsNewIdAndTheBuiltInMergePolicy() {
        SegexportClient client = TestClients.newTenant(server);

        SegmentDefinition created = client.createSegmentDefinition(
                Fixtures.segmentDefinition("US workers", "workAddress.country = \"US\""));

        assertThat(created.getId()).matches("[0-9a-f-]{36}");
        assertThat(created.getName()).isEqualTo("US workers");
        assertThat(created.getExpression().getValue()).isEqualTo("workAddress.country = \"US\"");
        assertThat(created.getMergePolicyId()).isEqualTo(MergePoliciesTest.BUILT_IN);
        assertThat(created.getProfileInstanceId()).isEqualTo("ups");
        assertThat(created.getCreationTime()).isPositive();
    }

    @Test
    void createSegmentDefinitionKeepsTheGivenMergePolicy() {
        SegexportClient client = TestClients.newTenant(server);
        String policy = client.createMergePolicy(MergePoliciesTest.precedence("crm first", "crm-dataset"))
                .getId();

        SegmentDefinition created =
                client.createSegmentDefinition(Fixtures.segmentDefinition("gold", "loyalty.tier = \"gold\"").toBuilder()
                        .setMergePolicyId(policy)
                        .build());

        assertThat(created.getMergePolicyId()).isEqualTo(policy);
    }

    @Test
    void anExpressionThatDoesNotParseIsInvalidArgumentGivingItsPosition() {
        SegexportClient client = TestClients.newTenant(server);

        assertThatThrownBy(() ->
                        client.createSegmentDefinition(Fixtures.segmentDefinition("broken", "workAddress.country =")))
                .isInstanceOfSatisfying(SegexportException.class, e -> {
                    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.fieldViolations())
                            .extracting(v -> v.getField())
                            .containsExactly("expression.value");
                })
                .hasMessageStartingWith("INVALID_ARGUMENT: expression.value does not parse: at position 21: ");
    }

    @Test
    void aMergePolicyOfNoOneIsInvalidArgumentNamingTheField() {
        SegexportClient client = TestClients.newTenant(server);
        SegmentDefinition withUnknownPolicy = Fixtures.segmentDefinition("gold", "loyalty.tier = \"gold\"").toBuilder()
                .setMergePolicyId(UNKNOWN_ID)
                .build();

        assertThatThrownBy(() -> client.createSegmentDefinition(withUnknownPolicy))
                .isInstanceOfSatisfying(
                        SegexportException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT))
                .hasMessageContaining("mergePolicyId");
    }

    @Test
    void getSegmentDefinitionReturnsTheCreatedDefinition() {
        SegexportClient client = TestClients.newTenant(server);
        SegmentDefinition created =
                client.createSegmentDefinition(Fixtures.segmentDefinition("gold", "loyalty.tier = \"gold\""));

        assertThat(client.getSegmentDefinition(created.getId())).isEqualTo(created);
    }

    @Test
    void getSegmentDefinitionOfAnUnknownIdThrowsNotFound() {
        SegexportClient client = TestClients.newTenant(server);

        assertThatThrownBy(() -> client.getSegmentDefinition(UNKNOWN_ID))
                .isInstanceOfSatisfying(
                        SegexportException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void listSegmentDefinitionsReturnsEveryDefinitionInIdOrderAcrossPages() {
        SegexportClient client = TestClients.newTenant(server);
        List<String> ids = new ArrayList<>();
        // One more than the client's page of 500.
        for (int i = 0; i < 501; i++) {
            ids.add(client.createSegmentDefinition(Fixtures.segmentDefinition("points " + i, "loyalty.points >= " + i))
                    .getId());
        }

        List<SegmentDefinition> listed = client.listSegmentDefinitions();

        assertThat(listed)
                .extracting(SegmentDefinition::getId)
                .containsExactlyElementsOf(ids.stream().sorted().toList());
    }

    @Test
    void listSegmentDefinitionsOfATenantWithoutDefinitionsIsEmpty() {
        assertThat(TestClients.newTenant(server).listSegmentDefinitions()).isEmpty();
    }

    @Test
    void deleteSegmentDefinitionRemovesItFromGetAndList() {
        SegexportClient client = TestClients.newTenant(server);
        String deleted = client.createSegmentDefinition(Fixtures.segmentDefinition("gold", "loyalty.tier = \"gold\""))
                .getId();
        String kept = client.createSegmentDefinition(Fixtures.segmentDefinition("silver", "loyalty.tier = \"silver\""))
                .getId();

        client.deleteSegmentDefinition(deleted);

        assertThatThrownBy(() -> client.getSegmentDefinition(deleted))
                .isInstanceOfSatisfying(
                        SegexportException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND));
        assertThat(client.listSegmentDefinitions())
                .extracting(SegmentDefinition::getId)
                .containsExactly(kept);
    }

    @Test
    void deleteSegmentDefinitionOfAnUnknownIdThrowsNotFound() {
        SegexportClient client = TestClients.newTenant(server);

        assertThatThrownBy(() -> client.deleteSegmentDefinition(UNKNOWN_ID))
                .isInstanceOfSatisfying(
                        SegexportException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND))
                .hasMessageContaining(UNKNOWN_ID);
    }
}
