package io.segexport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.segexport.client.Fixtures;
import io.segexport.server.SharedServer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code segexport datasets ...}. */
class DataSetsCommandTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer(0);

    private CliUser tenant;

    @BeforeEach
    void newTenant() {
        tenant = CliUser.of(server);
    }

    @Test
    void createShowsTheNewDatasetForAPerson() {
        CliRun run = tenant.cli("datasets", "create", "--name", "Exports").expectExit(0);

        assertThat(run.out())
                .containsPattern("(?m)^id\\s+[0-9a-f]{24}$")
                .containsPattern("(?m)^name\\s+Exports$")
                .containsPattern("(?m)^schema\\s+" + Fixtures.PROFILE_SCHEMA + "$")
                .containsPattern("(?m)^org\\s+" + tenant.environment().get("SEGEXPORT_ORG") + "$");
    }

    @Test
    void createWithJsonOutputIsTheStoredDataset() {
        JsonNode dataSet = tenant.cli(
                        "datasets", "create", "--name", "Exports", "--description", "For the CRM", "--output", "json")
                .expectExit(0)
                .json();

        String id = dataSet.get("id").textValue();
        assertThat(id).matches("[0-9a-f]{24}");
        assertThat(dataSet.get("name").textValue()).isEqualTo("Exports");
        assertThat(dataSet.get("description").textValue()).isEqualTo("For the CRM");
        assertThat(dataSet.get("schemaRef").get("id").textValue()).isEqualTo(Fixtures.PROFILE_SCHEMA);
        assertThat(dataSet.get("schemaRef").get("contentType").textValue())
                .isEqualTo("application/vnd.adobe.xed+json;version=1");
        assertThat(dataSet.get("imsOrg").textValue())
                .isEqualTo(tenant.environment().get("SEGEXPORT_ORG"));
        assertThat(dataSet.get("created").isIntegralNumber()).isTrue();
        assertThat(tenant.client().getDataSet(id).getName()).isEqualTo("Exports");
    }

    @Test
    void createWithoutANameIsBadUsage() {
        CliRun run = tenant.cli("datasets", "create").expectExit(2);

        assertThat(run.err()).contains("Missing required option: '--name=NAME'");
    }

    @Test
    void getShowsTheDataset() {
        String id = tenant.client().createDataSet(Fixtures.dataSet("Exports"));

        CliRun run = tenant.cli("datasets", "get", id).expectExit(0);

        assertThat(run.out()).containsPattern("(?m)^id\\s+" + id + "$").containsPattern("(?m)^name\\s+Exports$");
    }

    @Test
    void getWithJsonOutputIsTheDataset() {
        String id = tenant.client().createDataSet(Fixtures.dataSet("Exports"));

        JsonNode dataSet =
                tenant.cli("datasets", "get", id, "-o", "json").expectExit(0).json();

        assertThat(dataSet.get("id").textValue()).isEqualTo(id);
        assertThat(dataSet.get("name").textValue()).isEqualTo("Exports");
        assertThat(dataSet.get("updated").isIntegralNumber()).isTrue();
    }

    @Test
    void getOfAnUnknownDatasetIsNotFound() {
        CliRun run = tenant.cli("datasets", "get", "5b7c86968f7b6501e21ba9df").expectExit(4);

        assertThat(run.err()).startsWith("segexport: NOT_FOUND: ");
    }

    @Test
    void listShowsTheDatasetsInIdOrderInATable() {
        List<String> ids = Stream.of("First", "Second")
                .map(name -> tenant.client().createDataSet(Fixtures.dataSet(name)))
                .sorted()
                .toList();

        List<String> lines =
                tenant.cli("datasets", "list").expectExit(0).out().lines().toList();

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("ID\\s+NAME\\s+SCHEMA\\s+CREATED");
        assertThat(lines.get(1)).startsWith(ids.get(0) + "  ").contains(Fixtures.PROFILE_SCHEMA);
        assertThat(lines.get(2)).startsWith(ids.get(1) + "  ");
    }

    @Test
    void listWithJsonOutputIsAnArrayOfDatasets() {
        String id = tenant.client().createDataSet(Fixtures.dataSet("Exports"));

        JsonNode dataSets =
                tenant.cli("datasets", "list", "-o", "json").expectExit(0).json();

        assertThat(dataSets.isArray()).isTrue();
        assertThat(dataSets).hasSize(1);
        assertThat(dataSets.get(0).get("id").textValue()).isEqualTo(id);
        assertThat(dataSets.get(0).get("name").textValue()).isEqualTo("Exports");
    }

    @Test
    void listOfNoDatasetsPrintsNothingAndSaysSo() {
        CliRun run = tenant.cli("datasets", "list").expectExit(0);

        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("no datasets\n");
    }
}
