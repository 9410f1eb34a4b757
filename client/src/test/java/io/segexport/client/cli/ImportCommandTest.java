package io.segexport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.segexport.client.Fixtures;
import io.segexport.server.SharedServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code segexport profiles import}, {@code events import} and {@code profiles get}. */
class ImportCommandTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer(0);

    @TempDir
    Path files;

    private CliUser tenant;
    private String dataSet;

    @BeforeEach
    void newTenant() {
        tenant = CliUser.of(server);
        dataSet = tenant.client().createDataSet(Fixtures.dataSet("CRM"));
    }

    private Path file(String... lines) {
        return TestData.write(files.resolve("records.jsonl"), List.of(lines));
    }

    private static List<Long> rejectedLines(JsonNode report) {
        List<Long> lines = new ArrayList<>();
        report.get("rejected")
                .forEach(rejection -> lines.add(rejection.get("line").longValue()));
        return lines;
    }

    @Test
    void profilesImportImportsEveryLine() {
        Path file =
                file(TestData.profileLine("ada@example.com", "Ada"), TestData.profileLine("bob@example.com", "Bob"));

        CliRun run = tenant.cli("profiles", "import", file.toString(), "--dataset", dataSet)
                .expectExit(0);

        assertThat(run.out())
                .containsPattern("(?m)^accepted\\s+2 records$")
                .containsPattern("(?m)^rejected\\s+0 records$")
                .containsPattern("(?m)^dataset\\s+" + dataSet + "$");
        assertThat(run.err().lines().toList())
                .last()
                .asString()
                .matches("import records.jsonl 2 records(, [\\d,]+ records/s)?");
        assertThat(tenant.client().getEntity("bob@example.com", "email")).isPresent();
    }

    @Test
    void profilesImportReportsBadLinesByNumberAndImportsTheRest() {
        Path file = file(
                TestData.profileLine("ada@example.com", "Ada"),
                "{\"identityMap\": ",
                "[\"not\", \"an\", \"object\"]",
                "",
                TestData.profileWithoutIdentityLine(),
                TestData.profileLine("bob@example.com", "Bob"));

        CliRun run = tenant.cli("profiles", "import", file.toString(), "--dataset", dataSet, "-o", "json")
                .expectExit(8);

        assertThat(run.err())
                .contains(
                        "line 2: not valid JSON (column ",
                        "line 3: not a JSON object but an array\n",
                        "line 5: refused by the server: identityMap is required");
        JsonNode report = run.json();
        assertThat(report.get("file").textValue()).isEqualTo(file.toString());
        assertThat(report.get("datasetId").textValue()).isEqualTo(dataSet);
        assertThat(report.get("accepted").longValue()).isEqualTo(2);
        assertThat(report.get("rejectedTotal").longValue()).isEqualTo(3);
        assertThat(rejectedLines(report)).containsExactly(2L, 3L, 5L);
        assertThat(report.get("rejected").get(1).get("message").textValue())
                .isEqualTo("not a JSON object but an array");
        JsonNode bob = tenant.cli("profiles", "get", "--id", "bob@example.com", "--ns", "email", "-o", "json")
                .expectExit(0)
                .json();
        assertThat(bob.get("entity").get("person").get("name").textValue()).isEqualTo("Bob");
        tenant.cli("profiles", "get", "--id", "ada@example.com", "--ns", "email")
                .expectExit(0);
    }

    @Test
    void refusalsAreMappedToTheirLinesAcrossManyMessages() {
        List<String> lines = new ArrayList<>();
        for (int line = 1; line <= 2500; line++) {
            lines.add(
                    switch (line) {
                        case 10 -> "not json";
                        case 1502, 2400 -> TestData.profileWithoutIdentityLine();
                        default -> TestData.profileLine("p" + line + "@example.com", "P" + line);
                    });
        }
        Path file = TestData.write(files.resolve("many.jsonl"), lines);

        JsonNode report = tenant.cli("profiles", "import", file.toString(), "--dataset", dataSet, "-o", "json")
                .expectExit(8)
                .json();

        assertThat(report.get("accepted").longValue()).isEqualTo(2497);
        assertThat(rejectedLines(report)).containsExactly(10L, 1502L, 2400L);
        assertThat(tenant.client().getEntity("p2500@example.com", "email")).isPresent();
    }

    @Test
    void importOnATerminalRedrawsItsCountInPlace() {
        Path file = file(
                TestData.profileLine("ada@example.com", "Ada"), "oops", TestData.profileLine("bob@example.com", "Bob"));

        CliRun run = tenant.cliOnTerminal("profiles", "import", file.toString(), "--dataset", dataSet)
                .expectExit(8);

        assertThat(run.err())
                .startsWith("\rimport records.jsonl 1 record")
                .contains("\rline 2: not valid JSON")
                .contains("\rimport records.jsonl 2 records");
    }

    @Test
    void eventsImportImportsEventsAndReportsRefusedOnesByLine() {
        Path file = file(
                TestData.eventLine("ada@example.com", "2024-02-02T10:00:00Z"),
                "{\"identityMap\": {\"email\": [{\"id\": \"ada@example.com\"}]}}");

        CliRun run = tenant.cli("events", "import", file.toString(), "--dataset", dataSet)
                .expectExit(8);

        assertThat(run.err()).contains("line 2: refused by the server: timestamp is required");
        assertThat(run.out())
                .containsPattern("(?m)^accepted\\s+1 record$")
                .containsPattern("(?m)^rejected\\s+1 record: 0 bad lines, 1 refused by the server$");
        tenant.cli("profiles", "get", "--id", "ada@example.com", "--ns", "email")
                .expectExit(0);
    }

    @Test
    void importIntoAnUnknownDatasetIsBadUsage() {
        Path file = file(TestData.profileLine("ada@example.com", "Ada"));

        CliRun run = tenant.cli("profiles", "import", file.toString(), "--dataset", "5b7c86968f7b6501e21ba9df")
                .expectExit(2);

        assertThat(run.err())
                .contains("segexport: INVALID_ARGUMENT: datasetId names no dataset of this org and sandbox");
    }

    @Test
    void importOfAMissingFileIsBadUsage() {
        Path missing = files.resolve("missing.jsonl");

        CliRun run = tenant.cli("profiles", "import", missing.toString(), "--dataset", dataSet)
                .expectExit(2);

        assertThat(run.err()).endsWith("segexport: cannot read " + missing + ": no such file\n");
    }

    @Test
    void importWithoutDatasetIsBadUsage() {
        CliRun run = tenant.cli("events", "import", file().toString()).expectExit(2);

        assertThat(run.err()).contains("Missing required option: '--dataset=ID'");
    }

    @Test
    void profilesGetShowsTheMergedProfileForAPerson() {
        tenant.client().ingestProfiles(dataSet, List.of(TestData.profile("ada@example.com", "Ada")));

        CliRun run = tenant.cli("profiles", "get", "--id", "ada@example.com", "--ns", "email")
                .expectExit(0);

        assertThat(run.out())
                .containsPattern("(?m)^entity\\s+ada@example.com$")
                .containsPattern("(?m)^merge policy\\s+timestampOrdered-none-mp$")
                .containsPattern("(?m)^last modified\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$")
                .contains("\"name\" : \"Ada\"");
    }

    @Test
    void profilesGetWithJsonOutputIsTheEntity() {
        tenant.client().ingestProfiles(dataSet, List.of(TestData.profile("ada@example.com", "Ada")));

        JsonNode entity = tenant.cli("profiles", "get", "--id", "ada@example.com", "--ns", "email", "-o", "json")
                .expectExit(0)
                .json();

        assertThat(entity.get("entityId").textValue()).isEqualTo("ada@example.com");
        assertThat(entity.get("entity").get("person").get("name").textValue()).isEqualTo("Ada");
        assertThat(entity.get("entity")
                        .get("identityMap")
                        .get("email")
                        .get(0)
                        .get("id")
                        .textValue())
                .isEqualTo("ada@example.com");
        assertThat(entity.get("mergePolicy").get("id").textValue()).isEqualTo("timestampOrdered-none-mp");
        assertThat(entity.get("lastModifiedAt").textValue()).endsWith("Z");
    }

    @Test
    void profilesGetOfAnUnknownIdentityIsNotFound() {
        CliRun run = tenant.cli("profiles", "get", "--id", "nobody@example.com", "--ns", "email")
                .expectExit(4);

        assertThat(run.err())
                .isEqualTo("segexport: no profile has the identity nobody@example.com in namespace email\n");
        assertThat(run.out()).isEmpty();
    }
}
