package io.segexport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.segexport.client.Fixtures;
import io.segexport.server.SharedServer;
import io.segexport.server.store.DataLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A job that fails, on a server of its own: what makes it fail (a blocked staging folder) would fail any other. */
class JobFailureTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer(1);

    @TempDir
    Path files;

    @Test
    void createWithWaitOfAJobThatFailsExits5WithItsErrors() throws Exception {
        CliUser tenant = CliUser.of(server);
        String dataSet = tenant.client().createDataSet(Fixtures.dataSet("Exports"));
        tenant.client().ingestProfiles(dataSet, List.of(TestData.profile("ada@example.com", "Ada")));
        // A file where the staging folder belongs: the run cannot write its batch.
        Files.writeString(new DataLayout(server.dataDir()).staging(), "in the way");
        Path request = TestData.write(files.resolve("request.json"), TestData.jobRequest(dataSet));

        CliRun run = tenant.cli("jobs", "create", "--file", request.toString(), "--wait")
                .expectExit(5);

        assertThat(run.out())
                .containsPattern("(?m)^status\\s+FAILED$")
                .containsPattern("(?m)^error\\s+\\d+: Error in Export Job: ");
        assertThat(run.err()).containsPattern("segexport: export job \\d+ ended FAILED: \\d+: Error in Export Job: ");
    }
}
