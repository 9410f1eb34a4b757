package io.segexport.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.segexport.server.jobs.JobChangeListener;
import io.segexport.server.store.Tenant;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The export jobs' figures: how many ended, by status, and how long they took from creation
 * ({@code segexport_jobs_ended_seconds}); the profiles and rows the succeeded ones exported; and,
 * read when scraped, how many wait and run ({@code segexport_jobs{status="NEW"|"PROCESSING"}},
 * the queue's depth). It hears the ended jobs as the job store writes them: an ended job is
 * written once, then only deleted.
 */
public final class JobMetrics implements JobChangeListener {
    private static final Set<ExportJobStatus> ENDED =
            EnumSet.of(ExportJobStatus.SUCCEEDED, ExportJobStatus.FAILED, ExportJobStatus.CANCELLED);
    private static final Duration[] BOUNDS = {
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(15),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        Duration.ofMinutes(5),
        Duration.ofMinutes(15),
        Duration.ofHours(1),
        Duration.ofHours(4),
    };

    private final MeterRegistry registry;
    private final Counter profiles;
    private final Counter rows;

    public JobMetrics(MeterRegistry registry) {
        this.registry = registry;
        profiles = Counter.builder("segexport.exported.profiles")
                .description("Profiles the succeeded export jobs exported")
                .register(registry);
        rows = Counter.builder("segexport.exported.rows")
                .description("Rows the succeeded export jobs wrote")
                .register(registry);
    }

    /** Registers the gauges of the jobs {@code active} counts (NEW and PROCESSING, by status). */
    public static void bindQueue(MeterRegistry registry, Supplier<Map<ExportJobStatus, Long>> active) {
        for (ExportJobStatus status : EnumSet.of(ExportJobStatus.NEW, ExportJobStatus.PROCESSING)) {
            Gauge.builder("segexport.jobs", () -> active.get().getOrDefault(status, 0L))
                    .description("Export jobs waiting (NEW) and running (PROCESSING)")
                    .tag("status", status.name())
                    .register(registry);
        }
    }

    @Override
    public void changed(Tenant tenant, long id, ExportJob job) {
        if (job == null || !ENDED.contains(job.getStatus())) {
            return;
        }
        Timer.builder("segexport.jobs.ended")
                .description("Export jobs that ended, by status, timed from their creation")
                .serviceLevelObjectives(BOUNDS)
                .tag("status", job.getStatus().name())
                .register(registry)
                .record(Duration.ofMillis(Math.max(0, job.getUpdateTime() - job.getCreationTime())));
        if (job.getStatus() == ExportJobStatus.SUCCEEDED) {
            profiles.increment(job.getMetrics().getTotalExportedProfileCounter());
            rows.increment(job.getProgress().getRowsWritten());
        }
    }
}
