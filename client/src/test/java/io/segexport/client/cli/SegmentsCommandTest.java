package io.segexport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import io.segexport.client.Fixtures;
import io.segexport.client.SegexportException;
import io.segexport.server.SharedServer;
import io.segexport.v1.AttributeMerge;
import io.segexport.v1.MergePolicy;
import io.segexport.v1.Schema;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code segexport segments ...}. */
class SegmentsCommandTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer(0);

    private static final String GOLD = "loyalty.tier = \"gold\"";
    private static final String UNKNOWN_ID = "00000000-0000-0000-0000-000000000000";

    private CliUser tenant;

    @BeforeEach
    void newTenant() {
        tenant = CliUser.of(server);
    }

    /** A definition of the tenant, created through the library. */
    private String created(String name, String pql) {
        return tenant.client()
                .createSegmentDefinition(Fixtures.segmentDefinition(name, pql))
                .getId();
    }

    @Test
    void createShowsTheNewDefinitionForAPerson() {
        CliRun run = tenant.cli("segments", "create", "--name", "Gold", "--pql", GOLD)
                .expectExit(0);

        assertThat(run.out())
                .containsPattern("(?m)^id\\s+[0-9a-f-]{36}$")
                .containsPattern("(?m)^name\\s+Gold$")
                .containsPattern("(?m)^expression\\s+loyalty\\.tier = \"gold\"$")
                .containsPattern("(?m)^merge policy\\s+timestampOrdered-none-mp$")
                .containsPattern("(?m)^org\\s+" + tenant.environment().get("SEGEXPORT_ORG") + "$")
                .containsPattern("(?m)^sandbox\\s+prod$");
    }

    @Test
    void createWithJsonOutputIsTheStoredDefinition() {
        String policy = tenant.client()
                .createMergePolicy(MergePolicy.newBuilder()
                        .setName("crm first")
                        .setSchema(Schema.newBuilder().setName("_xdm.context.profile"))
                        .setAttributeMerge(AttributeMerge.newBuilder()
                                .setType("dataSetPrecedence")
                                .addOrder("crm-dataset"))
                        .build())
                .getId();

        JsonNode definition = tenant.cli(
                        "segments",
                        "create",
                        "--name",
                        "Gold",
                        "--pql",
                        GOLD,
                        "--description",
                        "Gold members",
                        "--merge-policy",
                        policy,
                        "--output",
                        "json")
                .expectExit(0)
                .json();

        String id = definition.get("id").textValue();
        assertThat(definition.get("name").textValue()).isEqualTo("Gold");
        assertThat(definition.get("description").textValue()).isEqualTo("Gold members");
        assertThat(definition.get("expression").get("value").textValue()).isEqualTo(GOLD);
        assertThat(definition.get("mergePolicyId").textValue()).isEqualTo(policy);
        assertThat(definition.get("profileInstanceId").textValue()).isEqualTo("ups");
        assertThat(definition.get("creationTime").isIntegralNumber()).isTrue();
        assertThat(tenant.client().getSegmentDefinition(id).getExpression().getValue())
                .isEqualTo(GOLD);
    }

    @Test
    void createWithoutAnExpressionIsBadUsage() {
        CliRun run = tenant.cli("segments", "create", "--name", "Gold").expectExit(2);

        assertThat(run.err()).contains("Missing required option: '--pql=EXPRESSION'");
    }

    @Test
    void createWithAnExpressionThatDoesNotParseIsBadUsageGivingThePosition() {
        CliRun run = tenant.cli("segments", "create", "--name", "Broken", "--pql", "workAddress.country =")
                .expectExit(2);

        assertThat(run.err())
                .startsWith("segexport: INVALID_ARGUMENT: expression.value does not parse: at position 21: ")
                .endsWith("\n")
                .hasLineCount(1);
        assertThat(run.out()).isEmpty();
        assertThat(tenant.client().listSegmentDefinitions()).isEmpty();
    }

    @Test
    void createWithAnUnknownMergePolicyIsBadUsageNamingTheField() {
        CliRun run = tenant.cli("segments", "create", "--name", "Gold", "--pql", GOLD, "--merge-policy", UNKNOWN_ID)
                .expectExit(2);

        assertThat(run.err()).startsWith("segexport: INVALID_ARGUMENT: mergePolicyId ");
    }

    @Test
    void getShowsTheDefinition() {
        String id = created("Gold", GOLD);

        CliRun run = tenant.cli("segments", "get", id).expectExit(0);

        assertThat(run.out()).containsPattern("(?m)^id\\s+" + id + "$").containsPattern("(?m)^name\\s+Gold$");
    }

    @Test
    void getWithJsonOutputIsTheDefinition() {
        String id = created("Gold", GOLD);

        JsonNode definition =
                tenant.cli("segments", "get", id, "-o", "json").expectExit(0).json();

        assertThat(definition.get("id").textValue()).isEqualTo(id);
        assertThat(definition.get("expression").get("type").textValue()).isEqualTo("PQL");
        assertThat(definition.get("expression").get("format").textValue()).isEqualTo("pql/text");
        assertThat(definition.get("expression").get("value").textValue()).isEqualTo(GOLD);
    }

    @Test
    void getOfAnUnknownDefinitionIsNotFound() {
        CliRun run = tenant.cli("segments", "get", UNKNOWN_ID).expectExit(4);

        assertThat(run.err())
                .isEqualTo("segexport: NOT_FOUND: segment definition \"" + UNKNOWN_ID + "\" does not exist\n");
    }

    @Test
    void listShowsTheDefinitionsInIdOrderInATableEachExpressionOnOneLine() {
        List<String> ids = Stream.of(GOLD, "loyalty.tier = \"silver\"\n  and loyalty.points > 10")
                .map(pql -> created("tier", pql))
                .sorted()
                .toList();

        List<String> lines =
                tenant.cli("segments", "list").expectExit(0).out().lines().toList();

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("ID\\s+NAME\\s+CREATED\\s+EXPRESSION");
        assertThat(lines.get(1)).startsWith(ids.get(0) + "  tier  ");
        assertThat(lines.get(2)).startsWith(ids.get(1) + "  tier  ");
        assertThat(lines)
                .anyMatch(line -> line.endsWith("  " + GOLD))
                .anyMatch(line -> line.endsWith("  loyalty.tier = \"silver\" and loyalty.points > 10"));
    }

    @Test
    void listWithJsonOutputIsAnArrayOfDefinitions() {
        String id = created("Gold", GOLD);

        JsonNode definitions =
                tenant.cli("segments", "list", "-o", "json").expectExit(0).json();

        assertThat(definitions.isArray()).isTrue();
        assertThat(definitions).hasSize(1);
        assertThat(definitions.get(0).get("id").textValue()).isEqualTo(id);
        assertThat(definitions.get(0).get("expression").get("value").textValue())
                .isEqualTo(GOLD);
    }

    @Test
    void listOfNoDefinitionsPrintsNothingAndSaysSo() {
        CliRun run = tenant.cli("segments", "list").expectExit(0);

        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("no segment definitions\n");
    }

    @Test
    void deleteRemovesTheDefinitionAndSaysSo() {
        String id = created("Gold", GOLD);

        CliRun run = tenant.cli("segments", "delete", id).expectExit(0);

        assertThat(run.out()).isEqualTo("deleted segment definition " + id + "\n");
        assertThatThrownBy(() -> tenant.client().getSegmentDefinition(id))
                .isInstanceOfSatisfying(
                        SegexportException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void deleteWithJsonOutputIsTheEmptyAnswer() {
        String id = created("Gold", GOLD);

        JsonNode answer =
                tenant.cli("segments", "delete", id, "-o", "json").expectExit(0).json();

        assertThat(answer.isObject()).isTrue();
        assertThat(answer).isEmpty();
    }

    @Test
    void deleteOfAnUnknownDefinitionIsNotFound() {
        CliRun run = tenant.cli("segments", "delete", UNKNOWN_ID).expectExit(4);

        assertThat(run.err()).startsWith("segexport: NOT_FOUND: ").contains(UNKNOWN_ID);
    }
}
