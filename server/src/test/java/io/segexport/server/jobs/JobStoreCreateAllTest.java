package io.segexport.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.segexport.server.store.Database;
import io.segexport.server.store.KeysetPage;
import io.segexport.server.store.Tenant;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many jobs stored in one write: consecutive ids, indexed, counted, and kept across a reopen. */
class JobStoreCreateAllTest {
    private static final Tenant TENANT = new Tenant("org@AdobeOrg", "prod");

    @TempDir
    Path dir;

    @Test
    void jobsStoredTogetherAreListedNewestFirstAfterAReopenAndTheNextIdFollowsThem() throws Exception {
        try (Database database = Database.open(dir)) {
            List<ExportJob> created = new JobStore(database)
                    .createAll(
                            TENANT,
                            IntStream.range(0, 3)
                                    .mapToObj(i -> ExportJob.newBuilder()
                                            .setStatus(ExportJobStatus.SUCCEEDED)
                                            .setCreationTime(1000 + i))
                                    .toList());
            assertThat(created).extracting(ExportJob::getId).containsExactly(1L, 2L, 3L);
        }
        try (Database database = Database.open(dir)) {
            JobStore store = new JobStore(database);

            KeysetPage<ExportJob> page = store.list(TENANT, Optional.of(ExportJobStatus.SUCCEEDED), null, 10);
            ExportJob next = store.create(
                    TENANT,
                    ExportJob.newBuilder().setStatus(ExportJobStatus.NEW).setCreationTime(2000));

            assertThat(page.items()).extracting(ExportJob::getId).containsExactly(3L, 2L, 1L);
            assertThat(next.getId()).isEqualTo(4L);
        }
    }
}
