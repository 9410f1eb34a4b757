package io.segexport.server.cluster;

import io.segexport.server.batchstore.BatchStore.StoredFile;
import io.segexport.server.batchstore.S3BatchStore;
import io.segexport.server.cluster.ClusterJobs.Active;
import io.segexport.server.cluster.stored.BatchPart;
import io.segexport.server.cluster.stored.CommitRun;
import io.segexport.server.cluster.stored.FailRun;
import io.segexport.server.cluster.stored.JobRunState;
import io.segexport.server.cluster.stored.PartFile;
import io.segexport.server.cluster.stored.PartitionProgress;
import io.segexport.server.cluster.stored.PartitionReport;
import io.segexport.server.cluster.stored.PartitionSegmentation;
import io.segexport.server.cluster.stored.StartRun;
import io.segexport.server.engine.ExportResult;
import io.segexport.server.engine.JobCancelledException;
import io.segexport.server.engine.RunProbe;
import io.segexport.server.engine.SegmentEvaluation;
import io.segexport.server.engine.SourceExport;
import io.segexport.server.mergepolicies.MergePolicyStore;
import io.segexport.server.segments.SegmentDefinitionStore;
import io.segexport.server.store.Folders;
import io.segexport.server.store.Tenant;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.MergePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's part of the cluster's exports, in one loop over the jobs not yet ended.
 *
 * <ul>
 *   <li>The node that runs the job ledger coordinates: it starts NEW jobs (no more of one org at
 *       once than the org-running-jobs limit), once every record acknowledged before is merged
 *       ({@link SettledIngest}); and it commits a job whose every partition has reported: it writes
 *       each batch's manifest, listing the partitions' files, then tells the ledger, which makes the
 *       job SUCCEEDED with the reports' counts summed.
 *   <li>Every node exports the partitions it owns of each PROCESSING job that have not reported: it
 *       evaluates the partition's profiles when the job asks ({@link SegmentEvaluation}, all at the
 *       run's start, its outcomes merged through the topology: {@link ClusterOutcomes}), then
 *       reads the partition's stores ({@link PartitionSource}) with the embedded mode's own export
 *       code ({@link SourceExport}), sends the part files to the batch store as
 *       {@code part-PARTITION-EXPORT-N.json}, EXPORT this export's own name, and reports them to the
 *       ledger.
 *       A partition whose stores move to another node during its export is left to that node, which
 *       exports it again; the ledger takes one report of a partition.
 * </ul>
 *
 * A cancel reaches every node through its global store: an export checks its job between profiles
 * and stops. Nothing here is kept but in Kafka, so a node that dies loses only the work in flight.
 */
public final class ClusterExports implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(ClusterExports.class);
    private static final long POLL_MILLIS = 250;
    private static final long PROGRESS_MILLIS = 2_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ClusterJobs jobs;
    private final Ownership ownership;
    private final KafkaStreams streams;
    private final MergePolicyStore mergePolicies;
    private final SegmentDefinitionStore definitions;
    private final S3BatchStore batchStore;
    private final SettledIngest settled;
    private final ClusterOutcomes outcomes;
    private final Path staging;
    private final Clock clock;
    private final int partitions;
    private final int maxRunningPerOrg;
    private final ExecutorService exporters;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<String> committing = ConcurrentHashMap.newKeySet();
    /** The NEW jobs told to start, until this node's store sees them started: so that each is told once. */
    private final Set<String> started = new HashSet<>();

    private final Semaphore wake = new Semaphore(0);
    private final Thread loop;
    private volatile boolean running = true;
    private String lastOwned = "";

    /** Settings of a node's exports. */
    public record Settings(Path staging, int partitions, int workers, int maxRunningPerOrg, int maxIdentities) {}

    ClusterExports(
            ClusterNames names,
            String bootstrapServers,
            KafkaStreams streams,
            KafkaStreams ledger,
            ClusterJobs jobs,
            MergePolicyStore mergePolicies,
            SegmentDefinitionStore definitions,
            S3BatchStore batchStore,
            Clock clock,
            Settings settings) {
        this.jobs = jobs;
        this.streams = streams;
        this.ownership = new Ownership(streams, ledger, names);
        this.mergePolicies = mergePolicies;
        this.definitions = definitions;
        this.batchStore = batchStore;
        this.settled = new SettledIngest(bootstrapServers, names, settings.maxIdentities());
        this.outcomes = new ClusterOutcomes(bootstrapServers, names, settings.maxIdentities());
        this.staging = settings.staging();
        this.clock = clock;
        this.partitions = settings.partitions();
        this.maxRunningPerOrg = settings.maxRunningPerOrg();
        this.exporters = Executors.newFixedThreadPool(Math.max(1, settings.workers()), runnable -> {
            Thread thread = new Thread(runnable, "segexport-partition-export");
            thread.setDaemon(true);
            return thread;
        });
        this.loop = new Thread(this::work, "segexport-cluster-jobs");
    }

    /** Starts the loop; with no workers, the node exports nothing and coordinates nothing. */
    void start(int workers) {
        Folders.delete(staging);
        if (workers > 0) {
            loop.start();
        }
    }

    /** Tells the loop a job is waiting, so that it looks now rather than at the next poll. */
    public void wake() {
        wake.release();
    }

    private void work() {
        while (running) {
            try {
                List<Active> active = jobs.active();
                logOwnership();
                if (ownership.ledger()) {
                    coordinate(active);
                }
                exportOwned(active);
                wake.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            } catch (InvalidStateStoreException e) {
                sleep();
            } catch (RuntimeException e) {
                logger.error("The cluster's job loop met a fault; it goes on", e);
                sleep();
            }
        }
    }

    /** Says what this node owns when that changes: where a job's work went, in the logs. */
    private void logOwnership() {
        String owned =
                "partitions " + ownership.profilePartitions() + (ownership.ledger() ? " and the job ledger" : "");
        if (!owned.equals(lastOwned)) {
            logger.info("This node now owns {}", owned);
            lastOwned = owned;
        }
    }

    private void coordinate(List<Active> active) throws InterruptedException {
        Map<String, Integer> processing = new HashMap<>();
        List<Active> waiting = new ArrayList<>();
        Set<String> attempts = new HashSet<>();
        for (Active job : active) {
            if (job.job().getStatus() == ExportJobStatus.PROCESSING) {
                attempts.add(job.job().getComputeGatewayJobId().getExportJob());
                processing.merge(job.tenant().orgId(), 1, Integer::sum);
                jobs.run(job.tenantKey(), job.job().getId())
                        .filter(run -> run.getReportsCount() == run.getPartitions())
                        .ifPresent(run -> commit(job, run));
            } else {
                waiting.add(job);
            }
        }
        committing.retainAll(attempts);
        Set<String> stillNew = new HashSet<>();
        waiting.forEach(job -> stillNew.add(job.key()));
        started.retainAll(stillNew);
        List<Active> starting = new ArrayList<>();
        for (Active job : waiting) {
            if (started.contains(job.key())) {
                processing.merge(job.tenant().orgId(), 1, Integer::sum);
            } else if (processing.getOrDefault(job.tenant().orgId(), 0) < maxRunningPerOrg) {
                processing.merge(job.tenant().orgId(), 1, Integer::sum);
                starting.add(job);
            }
        }
        if (starting.isEmpty()) {
            return;
        }
        try {
            settled.await(ClusterRecords.WAIT);
        } catch (TimeoutException e) {
            logger.warn("The ingest topology has not caught up; the jobs start later: {}", e.getMessage());
            return;
        }
        for (Active job : starting) {
            logger.info("Job {} starts over {} partitions", job.job().getId(), partitions);
            started.add(job.key());
            jobs.tell(
                    job.tenantKey(),
                    job.job().getId(),
                    command -> command.setStart(StartRun.newBuilder()
                            .setAttempt(UUID.randomUUID().toString())
                            .setAt(clock.millis())
                            .setPartitions(partitions)));
        }
    }

    /** Writes the batches' manifests from the partitions' reports, then tells the ledger the job succeeded. */
    private void commit(Active job, JobRunState run) {
        if (!committing.add(run.getAttempt())) {
            return;
        }
        try {
            Map<String, List<StoredFile>> files = new TreeMap<>();
            for (PartitionReport report : run.getReportsMap().values()) {
                report.getBatchesMap().forEach((batchId, part) -> {
                    List<StoredFile> batch = files.computeIfAbsent(batchId, id -> new ArrayList<>());
                    part.getFilesList().forEach(file -> batch.add(new StoredFile(file.getName(), file.getLength())));
                });
            }
            for (Map.Entry<String, List<StoredFile>> batch : files.entrySet()) {
                batchStore.writeManifest(batch.getKey(), batch.getValue());
            }
            jobs.tell(
                    job.tenantKey(),
                    job.job().getId(),
                    command -> command.setCommit(
                            CommitRun.newBuilder().setAttempt(run.getAttempt()).setAt(clock.millis())));
        } catch (IOException | RuntimeException e) {
            committing.remove(run.getAttempt());
            logger.warn(
                    "Job {} could not be committed yet; it is tried again",
                    job.job().getId(),
                    e);
        }
    }

    private void exportOwned(List<Active> active) {
        Set<Integer> owned = ownership.profilePartitions();
        for (Active job : active) {
            if (job.job().getStatus() != ExportJobStatus.PROCESSING) {
                continue;
            }
            JobRunState run = jobs.run(job.tenantKey(), job.job().getId()).orElse(null);
            if (run == null) {
                continue;
            }
            for (int partition : owned) {
                String task = run.getAttempt() + "/" + partition;
                if (!run.containsReports(partition) && inFlight.add(task)) {
                    exporters.execute(() -> {
                        try {
                            export(job, run, partition);
                        } finally {
                            inFlight.remove(task);
                        }
                    });
                }
            }
        }
    }

    /**
     * Evaluates one partition's share of the job's segments, when it asks, then exports that share and
     * reports it; a cancel or a lost partition ends it quietly.
     */
    private void export(Active active, JobRunState run, int partition) {
        String attempt = run.getAttempt();
        ExportJob job = active.job();
        Tenant tenant = active.tenant();
        Path folder = staging.resolve(job.getId() + "-" + attempt + "-" + partition);
        RunProbe probe = new RunProbe(tracked(active, attempt, partition), job.getId(), clock);
        try {
            MergePolicy policy = mergePolicies
                    .find(tenant, job.getMergePolicy().getId())
                    .orElseThrow(() -> new IllegalStateException(
                            "merge policy " + job.getMergePolicy().getId() + " no longer exists"));
            PartitionSource source = PartitionSource.of(streams, partition);
            Optional<SegmentEvaluation> evaluation =
                    SegmentEvaluation.of(tenant, job, definitions, mergePolicies, clock);
            Optional<SegmentEvaluation.Stats> segmentation = Optional.empty();
            if (evaluation.isPresent()) {
                segmentation = Optional.of(evaluation
                        .get()
                        .run(source, outcomes.of(partition), Instant.ofEpochMilli(run.getStartedAt()), probe));
            }
            ExportResult result = SourceExport.write(
                    tenant, job, policy, source, folder, "part-" + partition + "-" + exportId() + "-", clock, probe);
            probe.check();
            PartitionReport.Builder report = PartitionReport.newBuilder()
                    .setAttempt(attempt)
                    .setPartition(partition)
                    .putAllByNamespace(result.byNamespace())
                    .setExportedProfiles(result.exportedProfiles())
                    .setExportStart(result.exportStartMillis())
                    .setExportEnd(result.exportEndMillis())
                    .setProgress(probe.progress());
            segmentation.ifPresent(stats -> report.setSegmentation(PartitionSegmentation.newBuilder()
                    .setStart(stats.startMillis())
                    .setEnd(stats.endMillis())
                    .setProfiles(stats.profiles())));
            for (Map.Entry<String, ExportResult.BatchStats> batch :
                    result.batches().entrySet()) {
                report.putBatches(
                        batch.getKey(), upload(batch.getKey(), folder.resolve(batch.getKey()), batch.getValue()));
            }
            if (!ownership.profilePartitions().contains(partition)) {
                logger.info(
                        "Partition {} moved during job {}'s export; its new owner exports it", partition, job.getId());
                return;
            }
            jobs.tell(active.tenantKey(), job.getId(), command -> command.setReport(report));
        } catch (JobCancelledException e) {
            logger.info("Job {} ended during partition {}'s export; its output is discarded", job.getId(), partition);
        } catch (InvalidStateStoreException e) {
            logger.info("Partition {} moved during job {}'s export; its new owner exports it", partition, job.getId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            logger.error("Job {} failed in partition {}", job.getId(), partition, e);
            jobs.tell(
                    active.tenantKey(),
                    job.getId(),
                    command -> command.setFail(FailRun.newBuilder()
                            .setAttempt(attempt)
                            .setAt(clock.millis())
                            .setMessage(String.valueOf(e.getMessage()))
                            .setCause(e.getClass().getName())));
        } finally {
            Folders.delete(folder);
        }
    }

    /**
     * A name of this export of a partition, in its files' names: an export by a node that lost the
     * partition without noticing then never overwrites the files of the export the ledger took,
     * which the manifest lists; its own files stay unlisted and are swept.
     */
    private static String exportId() {
        byte[] id = new byte[4];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    /** Sends a partition's part files of one batch; what the report says of them. */
    private BatchPart upload(String batchId, Path folder, ExportResult.BatchStats stats) throws IOException {
        BatchPart.Builder part = BatchPart.newBuilder().setRows(stats.rows()).setBytes(stats.bytes());
        if (!Files.isDirectory(folder)) {
            return part.build();
        }
        List<Path> files;
        try (Stream<Path> listed = Files.list(folder)) {
            files = listed.sorted().toList();
        }
        for (Path file : files) {
            StoredFile stored = batchStore.putFile(batchId, file.getFileName().toString(), file);
            part.addFiles(PartFile.newBuilder().setName(stored.name()).setLength(stored.length()));
        }
        return part.build();
    }

    /**
     * The job as a partition's export tracks it: running while PROCESSING in this attempt; its
     * progress sent to the ledger every {@link #PROGRESS_MILLIS} at most, as every partition's
     * progress makes a change of the job that every node applies. Progress that cannot be sent is
     * skipped: the report at the end carries it.
     */
    private RunProbe.Tracked tracked(Active active, String attempt, int partition) {
        long id = active.job().getId();
        return new RunProbe.Tracked() {
            private long nextProgress = clock.millis() + PROGRESS_MILLIS;

            @Override
            public boolean running() {
                return jobs.running(active.tenantKey(), id, attempt);
            }

            @Override
            public boolean publish(UnaryOperator<ExportJob> withProgress) {
                if (!running()) {
                    return false;
                }
                long now = clock.millis();
                if (now >= nextProgress) {
                    nextProgress = now + PROGRESS_MILLIS;
                    PartitionProgress.Builder progress = PartitionProgress.newBuilder()
                            .setAttempt(attempt)
                            .setPartition(partition)
                            .setProgress(withProgress.apply(active.job()).getProgress())
                            .setAt(now);
                    try {
                        jobs.tell(active.tenantKey(), id, command -> command.setProgress(progress));
                    } catch (RuntimeException e) {
                        logger.warn(
                                "Job {}'s progress in partition {} was not sent: {}", id, partition, e.getMessage());
                    }
                }
                return true;
            }
        };
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        loop.interrupt();
        if (loop.isAlive()) {
            loop.join(TimeUnit.SECONDS.toMillis(30));
        }
        exporters.shutdownNow();
        exporters.awaitTermination(30, TimeUnit.SECONDS);
        settled.close();
        outcomes.close();
    }
}
