package io.segexport.server.retention;

import io.segexport.server.jobs.JobStore;
import io.segexport.server.store.TenantRecords;
import io.segexport.v1.Batch;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what has outlived the retention age: ended export jobs (SUCCEEDED, FAILED, CANCELLED) last
 * changed longer ago, and batches, exported or ingested, that have ended (not loading, processing or
 * being reverted) and last changed longer ago, with their files. It also finishes the batch removals
 * that a failing batch store left. Runs at start and then every quarter of the age, at most hourly.
 */
public final class RetentionSweep implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(RetentionSweep.class);
    private static final Duration LONGEST_PAUSE = Duration.ofHours(1);
    private static final Duration SHORTEST_PAUSE = Duration.ofSeconds(1);

    /** What one sweep removed. */
    public record Swept(int jobs, int batches) {}

    private final Duration age;
    private final JobStore jobs;
    private final TenantRecords<Batch> batches;
    private final BatchRemovals removals;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "retention-sweep");
        thread.setDaemon(true);
        return thread;
    });

    public RetentionSweep(
            Duration age, JobStore jobs, TenantRecords<Batch> batches, BatchRemovals removals, Clock clock) {
        if (age.isNegative() || age.isZero()) {
            throw new IllegalArgumentException("the retention age must be positive, not " + age);
        }
        this.age = age;
        this.jobs = jobs;
        this.batches = batches;
        this.removals = removals;
        this.clock = clock;
    }

    /** Sweeps now, then on every pause, on a thread of its own. */
    public void start() {
        long pause = pause(age).toMillis();
        scheduler.scheduleWithFixedDelay(this::sweepAndLog, 0, pause, TimeUnit.MILLISECONDS);
    }

    /** The pause between sweeps for {@code age}: a quarter of it, from a second to an hour. */
    static Duration pause(Duration age) {
        Duration quarter = age.dividedBy(4);
        return quarter.compareTo(SHORTEST_PAUSE) < 0
                ? SHORTEST_PAUSE
                : quarter.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : quarter;
    }

    /** Removes, now, what was last changed longer than the age ago. */
    public Swept sweep() {
        long cutoff = clock.millis() - age.toMillis();
        removals.resume();
        int removedJobs = jobs.removeEndedBefore(cutoff);
        AtomicInteger removedBatches = new AtomicInteger();
        batches.forEach((tenant, batch) -> {
            if (batch.getUpdated() < cutoff
                    && removals.removeIfEnded(tenant, batch.getId(), current -> current.getUpdated() < cutoff)) {
                removedBatches.incrementAndGet();
            }
        });
        return new Swept(removedJobs, removedBatches.get());
    }

    private void sweepAndLog() {
        try {
            Swept swept = sweep();
            if (swept.jobs() > 0 || swept.batches() > 0) {
                logger.info(
                        "Retention removed {} jobs and {} batches last changed more than {} ago",
                        swept.jobs(),
                        swept.batches(),
                        age);
            }
        } catch (RuntimeException e) {
            logger.warn("The retention sweep failed; it runs again in {}", pause(age), e);
        }
    }

    /** Stops sweeping, waiting for a sweep under way to end. */
    @Override
    public void close() throws InterruptedException {
        scheduler.shutdownNow();
        scheduler.awaitTermination(1, TimeUnit.MINUTES);
    }
}
