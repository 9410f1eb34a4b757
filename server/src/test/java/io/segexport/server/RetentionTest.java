package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.segexport.server.store.DataLayout;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --retention}: a server removes ended jobs and their batches once they are older than the age. */
class RetentionTest {
    @TempDir
    Path dataDir;

    @Test
    void anEndedJobAndItsBatchAreRemovedOnceOlderThanTheRetentionAge() throws Exception {
        Tenant tenant = Tenant.fresh();
        try (TestServer server = TestServer.start(TestServer.config(dataDir, 1).withRetention(Duration.ofSeconds(2)))) {
            RestClient rest = server.rest(tenant);
            String dataSet = rest.createDataSet();
            Exports.ingestProfiles(rest, dataSet, Exports.withPoints("a@example.com", 1));
            long id = Exports.create(rest, Requests.minimalCreate(dataSet));
            String batchId =
                    Exports.awaitEnd(rest, id).at("/destination/batchId").asText();

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while ((rest.get(Exports.JOBS + "/" + id).status() != 404
                            || rest.get(BatchUploads.CATALOG_BATCHES + batchId).status() != 404)
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }

            assertThat(rest.get(Exports.JOBS + "/" + id).status()).isEqualTo(404);
            assertThat(rest.get(BatchUploads.CATALOG_BATCHES + batchId).status())
                    .isEqualTo(404);
            assertThat(new DataLayout(dataDir).batch(batchId)).doesNotExist();
        }
    }

    @Test
    void aRetentionAgeThatIsNotPositiveIsRefusedNamingTheFlag() {
        MainRun run = MainRun.of("--dev-token", "t", "--retention", "PT0S");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--retention must be a positive duration, not PT0S");
    }

    @Test
    void aRetentionAgeThatIsNotADurationIsRefusedNamingTheFlag() {
        MainRun run = MainRun.of("--dev-token", "t", "--retention", "30 days");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--retention").contains("30 days");
    }
}
