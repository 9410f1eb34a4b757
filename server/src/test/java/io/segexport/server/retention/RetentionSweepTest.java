package io.segexport.server.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.segexport.server.MutableClock;
import io.segexport.server.batchstore.LocalBatchStore;
import io.segexport.server.ingest.batches.LocalBatchLedger;
import io.segexport.server.jobs.JobStore;
import io.segexport.server.retention.RetentionSweep.Swept;
import io.segexport.server.retention.stored.BatchRemoval;
import io.segexport.server.store.DataLayout;
import io.segexport.server.store.Database;
import io.segexport.server.store.Tenant;
import io.segexport.server.store.TenantRecords;
import io.segexport.v1.Batch;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What one sweep removes of a real store and batch folder, with a clock the test moves. */
class RetentionSweepTest {
    private static final Duration AGE = Duration.ofDays(30);
    private static final Tenant TENANT = new Tenant("retention@AdobeOrg", "prod");
    private static final String BATCH_ID = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.stoppedAt(Instant.parse("2026-01-01T00:00:00Z"));
    private DataLayout layout;
    private Database database;
    private JobStore jobs;
    private TenantRecords<Batch> batches;
    private TenantRecords<BatchRemoval> pending;
    private RetentionSweep sweep;

    @BeforeEach
    void open() throws Exception {
        layout = new DataLayout(dir);
        database = Database.open(layout.rocksDb());
        jobs = new JobStore(database);
        batches = TenantRecords.batches(database);
        pending = TenantRecords.of(database, Database.Family.BATCH_REMOVALS, BatchRemoval.parser(), "batch removal");
        BatchRemovals removals = new BatchRemovals(
                new LocalBatchLedger(database, batches), batches, pending, new LocalBatchStore(layout), clock);
        sweep = new RetentionSweep(AGE, jobs, batches, removals, clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void anEndedJobLastChangedLongerAgoThanTheAgeIsRemovedWithItsIndexEntries() {
        long id = job(ExportJobStatus.SUCCEEDED).getId();
        clock.advance(AGE.plusSeconds(1));

        Swept swept = sweep.sweep();

        assertThat(swept).isEqualTo(new Swept(1, 0));
        assertThat(jobs.get(TENANT, id)).isEmpty();
        assertThat(jobs.list(TENANT, Optional.empty(), null, 10).items()).isEmpty();
        assertThat(jobs.list(TENANT, Optional.of(ExportJobStatus.SUCCEEDED), null, 10)
                        .items())
                .isEmpty();
    }

    @Test
    void failedAndCancelledJobsExpireToo() {
        job(ExportJobStatus.FAILED);
        job(ExportJobStatus.CANCELLED);
        clock.advance(AGE.plusSeconds(1));

        assertThat(sweep.sweep().jobs()).isEqualTo(2);
    }

    @Test
    void anEndedJobYoungerThanTheAgeIsKept() {
        long id = job(ExportJobStatus.SUCCEEDED).getId();
        clock.advance(AGE.minusSeconds(1));

        assertThat(sweep.sweep()).isEqualTo(new Swept(0, 0));
        assertThat(jobs.get(TENANT, id)).isPresent();
    }

    @Test
    void aJobThatHasNotEndedIsKeptHoweverOld() {
        long waiting = job(ExportJobStatus.NEW).getId();
        long running = job(ExportJobStatus.PROCESSING).getId();
        clock.advance(AGE.multipliedBy(12));

        sweep.sweep();

        assertThat(jobs.get(TENANT, waiting)).isPresent();
        assertThat(jobs.get(TENANT, running)).isPresent();
    }

    @Test
    void anExpiredBatchIsRemovedWithItsFiles() throws Exception {
        batch("success");
        clock.advance(AGE.plusSeconds(1));

        assertThat(sweep.sweep()).isEqualTo(new Swept(0, 1));
        assertThat(batches.get(TENANT, BATCH_ID)).isEmpty();
        assertThat(layout.batch(BATCH_ID)).doesNotExist();
        assertThat(pending.all()).isEmpty();
    }

    @Test
    void aBatchYoungerThanTheAgeIsKeptWithItsFiles() throws Exception {
        batch("success");
        clock.advance(AGE.minusSeconds(1));

        assertThat(sweep.sweep().batches()).isZero();
        assertThat(batches.get(TENANT, BATCH_ID)).isPresent();
        assertThat(layout.batch(BATCH_ID).resolve("part-0.json")).isRegularFile();
    }

    @Test
    void aBatchStillLoadingOrProcessingIsKeptHoweverOld() throws Exception {
        for (String status : new String[] {"loading", "processing"}) {
            batch(status);
            clock.advance(AGE.multipliedBy(12));

            assertThat(sweep.sweep().batches()).as(status).isZero();
            assertThat(batches.get(TENANT, BATCH_ID)).as(status).isPresent();
        }
    }

    @Test
    void aSweepFinishesARemovalLeftPending() throws Exception {
        batch("success");
        pending.put(
                TENANT,
                BATCH_ID,
                BatchRemoval.newBuilder()
                        .setOrgId(TENANT.orgId())
                        .setSandboxName(TENANT.sandboxName())
                        .setBatchId(BATCH_ID)
                        .build());

        sweep.sweep();

        assertThat(batches.get(TENANT, BATCH_ID)).isEmpty();
        assertThat(layout.batch(BATCH_ID)).doesNotExist();
        assertThat(pending.all()).isEmpty();
    }

    @Test
    void sweepsComeEveryQuarterOfTheAgeFromASecondToAnHour() {
        assertThat(RetentionSweep.pause(Duration.ofMinutes(8))).isEqualTo(Duration.ofMinutes(2));
        assertThat(RetentionSweep.pause(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetentionSweep.pause(AGE)).isEqualTo(Duration.ofHours(1));
    }

    private ExportJob job(ExportJobStatus status) {
        long now = clock.millis();
        return jobs.create(
                TENANT,
                ExportJob.newBuilder().setStatus(status).setCreationTime(now).setUpdateTime(now));
    }

    /** A batch record of this status, last changed now, and one published file. */
    private void batch(String status) throws Exception {
        long now = clock.millis();
        batches.put(
                TENANT,
                BATCH_ID,
                Batch.newBuilder()
                        .setId(BATCH_ID)
                        .setStatus(status)
                        .setCreated(now)
                        .setUpdated(now)
                        .build());
        Path folder = Files.createDirectories(dir.resolve("written"));
        Files.writeString(folder.resolve("part-0.json"), "{}\n");
        new LocalBatchStore(layout).publish(BATCH_ID, folder);
    }
}
