package io.segexport.bench;

import io.segexport.server.StoreMigrations;
import io.segexport.server.jobs.JobStore;
import io.segexport.server.store.DataLayout;
import io.segexport.server.store.Database;
import io.segexport.v1.Destination;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.JobMetrics;
import io.segexport.v1.JobType;
import io.segexport.v1.Schema;
import io.segexport.v1.TimeSpan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts ended (SUCCEEDED) jobs straight into a store before the server opens it, opened as the server
 * opens it and with the server's own JobStore, many a write: creating a million through the API
 * would cost a synced write and an export run each. The engine leaves ended jobs alone.
 */
final class JobSeeder {
    private static final int JOBS_A_WRITE = 10_000;

    private JobSeeder() {}

    /** Seeds each tenant with its count of jobs, a second apart, the newest now. */
    static void seed(Path dataDir, List<BenchTenant> tenants, List<Integer> counts) throws Exception {
        try (Database database = StoreMigrations.open(new DataLayout(dataDir))) {
            JobStore store = new JobStore(database);
            for (int t = 0; t < tenants.size(); t++) {
                int count = counts.get(t);
                long oldest = System.currentTimeMillis() - count * 1000L;
                for (int from = 0; from < count; from += JOBS_A_WRITE) {
                    List<ExportJob.Builder> jobs = new ArrayList<>();
                    for (int i = from; i < Math.min(count, from + JOBS_A_WRITE); i++) {
                        jobs.add(ended(tenants.get(t), oldest + i * 1000L));
                    }
                    store.createAll(tenants.get(t).inStore(), jobs);
                }
            }
        }
    }

    private static ExportJob.Builder ended(BenchTenant tenant, long created) {
        return ExportJob.newBuilder()
                .setJobType(JobType.BATCH)
                .setImsOrgId(tenant.orgId())
                .setStatus(ExportJobStatus.SUCCEEDED)
                .setDestination(Destination.newBuilder()
                        .setDatasetId("5b7c86968f7b6501e21ba9df")
                        .setBatchId("bench-" + created))
                .setSchema(Schema.newBuilder().setName("_xdm.context.profile"))
                .setFields("identities.id,personalEmail.address")
                .setMetrics(JobMetrics.newBuilder()
                        .setTotalTime(TimeSpan.newBuilder()
                                .setStartTimeInMs(created)
                                .setEndTimeInMs(created + 900)
                                .setTotalTimeInMs(900))
                        .setProfileExportTime(TimeSpan.newBuilder()
                                .setStartTimeInMs(created + 100)
                                .setEndTimeInMs(created + 900)
                                .setTotalTimeInMs(800))
                        .setTotalExportedProfileCounter(1000)
                        .putExportedProfileByNamespaceCounter("email", 1000))
                .setCreationTime(created)
                .setUpdateTime(created + 900);
    }
}
