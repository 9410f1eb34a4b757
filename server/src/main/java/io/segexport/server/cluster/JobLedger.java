package io.segexport.server.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import io.segexport.server.cluster.stored.BatchChange;
import io.segexport.server.cluster.stored.BatchPart;
import io.segexport.server.cluster.stored.Held;
import io.segexport.server.cluster.stored.JobCommand;
import io.segexport.server.cluster.stored.JobRunState;
import io.segexport.server.cluster.stored.PartitionProgress;
import io.segexport.server.cluster.stored.PartitionReport;
import io.segexport.server.cluster.stored.PartitionSegmentation;
import io.segexport.server.engine.ExportResult;
import io.segexport.server.engine.ExportResult.BatchStats;
import io.segexport.server.engine.ExportedMetrics;
import io.segexport.server.engine.JobBatches;
import io.segexport.server.engine.JobRun;
import io.segexport.server.engine.RunProbe;
import io.segexport.server.engine.SegmentEvaluation;
import io.segexport.server.jobs.JobCancel;
import io.segexport.server.store.Keys;
import io.segexport.server.store.StoredValues;
import io.segexport.server.store.Tenant;
import io.segexport.v1.ComputeGatewayJobId;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.JobProgress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of the cluster's jobs, and of its ingestion batches ({@link ClusterBatchLedger}):
 * the task of the single-partition job commands topic. It
 * applies each command to the job as it holds it (in its own store, with a changelog, exactly
 * once), so that ids are handed out in one order and a cancel and a run's end cannot both win; and
 * it publishes every job and run state that changes to the records topic, where every node reads
 * them. Its answer to a command carries the command's id ({@link #COMMAND}) and what it did
 * ({@link #OUTCOME}).
 */
final class JobLedger implements Processor<Bytes, byte[], Bytes, byte[]> {
    static final String STORE = "job_ledger";
    static final String COMMAND = "segexport-command";
    static final String OUTCOME = "segexport-outcome";
    static final String CREATED = "created";
    static final String ABSENT = "absent";
    static final String APPLIED = "applied";
    static final String CONFLICT = "conflict";

    private static final Logger logger = LoggerFactory.getLogger(JobLedger.class);
    private static final Bytes NEXT_ID = Bytes.wrap("next_job_id".getBytes(StandardCharsets.UTF_8));

    private ProcessorContext<Bytes, byte[]> context;
    private KeyValueStore<Bytes, byte[]> store;

    @Override
    public void init(ProcessorContext<Bytes, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<Bytes, byte[]> record) {
        JobCommand command;
        try {
            command = JobCommand.parseFrom(record.value());
        } catch (InvalidProtocolBufferException e) {
            logger.error("A job command that does not parse is skipped", e);
            return;
        }
        byte[] tenant = command.getTenant().toByteArray();
        switch (command.getKindCase()) {
            case CREATE -> create(command, tenant);
            case CANCEL_AT -> cancel(command, tenant);
            case START -> start(command, tenant);
            case REPORT -> report(command, tenant);
            case COMMIT -> commit(command, tenant);
            case FAIL -> fail(command, tenant);
            case PROGRESS -> progress(command, tenant);
            case BATCH_CHANGE -> changeBatch(command, tenant);
            case KIND_NOT_SET -> logger.error("A job command of no kind is skipped");
        }
    }

    private void create(JobCommand command, byte[] tenant) {
        byte[] stored = store.get(NEXT_ID);
        long id = stored == null ? 1 : ByteBuffer.wrap(stored).getLong();
        store.put(NEXT_ID, ByteBuffer.allocate(8).putLong(id + 1).array());
        publishJob(tenant, command.getCreate().toBuilder().setId(id).build(), command, CREATED);
    }

    private void cancel(JobCommand command, byte[] tenant) {
        Optional<ExportJob> job = job(tenant, command.getJobId());
        if (job.isEmpty()) {
            send(GlobalKeys.job(tenant, command.getJobId()), null, command, ABSENT);
            return;
        }
        publishJob(
                tenant,
                JobCancel.apply(job.get(), command.getCancelAt()),
                command,
                JobCancel.outcome(job.get()).name());
        dropRun(tenant, command.getJobId());
    }

    private void start(JobCommand command, byte[] tenant) {
        job(tenant, command.getJobId())
                .filter(job -> job.getStatus() == ExportJobStatus.NEW)
                .ifPresent(job -> {
                    publishJob(
                            tenant,
                            job.toBuilder()
                                    .setStatus(ExportJobStatus.PROCESSING)
                                    .setUpdateTime(command.getStart().getAt())
                                    .setProgress(RunProbe.NO_PROGRESS)
                                    .setComputeGatewayJobId(ComputeGatewayJobId.newBuilder()
                                            .setExportJob(command.getStart().getAttempt()))
                                    .build(),
                            command,
                            "started");
                    publishRun(
                            tenant,
                            job.getId(),
                            JobRunState.newBuilder()
                                    .setAttempt(command.getStart().getAttempt())
                                    .setPartitions(command.getStart().getPartitions())
                                    .setStartedAt(command.getStart().getAt())
                                    .build());
                });
    }

    private void report(JobCommand command, byte[] tenant) {
        PartitionReport report = command.getReport();
        run(tenant, command.getJobId(), report.getAttempt())
                .filter(run -> !run.containsReports(report.getPartition()))
                .ifPresent(run -> publishRun(
                        tenant,
                        command.getJobId(),
                        run.toBuilder()
                                .putReports(report.getPartition(), report)
                                .build()));
    }

    private void commit(JobCommand command, byte[] tenant) {
        long now = command.getCommit().getAt();
        Optional<JobRunState> run = run(
                        tenant, command.getJobId(), command.getCommit().getAttempt())
                .filter(state -> state.getReportsCount() == state.getPartitions());
        if (run.isEmpty()) {
            return;
        }
        ExportJob job = job(tenant, command.getJobId()).orElseThrow();
        ExportResult result = summed(run.get());
        Tenant owner = Keys.tenantOf(tenant);
        for (Map.Entry<String, BatchStats> batch : result.batches().entrySet()) {
            send(
                    GlobalKeys.record(GlobalKeys.BATCHES, tenant, batch.getKey()),
                    JobBatches.of(owner, job, batch.getKey(), batch.getValue(), result.exportStartMillis(), now)
                            .toByteArray(),
                    null,
                    null);
        }
        publishJob(
                tenant,
                job.toBuilder()
                        .setStatus(ExportJobStatus.SUCCEEDED)
                        .setUpdateTime(now)
                        .setProgress(progress(run.get()))
                        .setMetrics(ExportedMetrics.of(job, result, now))
                        .build(),
                command,
                "committed");
        dropRun(tenant, command.getJobId());
    }

    private void fail(JobCommand command, byte[] tenant) {
        if (run(tenant, command.getJobId(), command.getFail().getAttempt()).isEmpty()) {
            return;
        }
        ExportJob job = job(tenant, command.getJobId()).orElseThrow();
        publishJob(
                tenant,
                JobRun.failed(
                        job,
                        command.getFail().getMessage(),
                        command.getFail().getCause(),
                        command.getFail().getAt()),
                command,
                "failed");
        dropRun(tenant, command.getJobId());
    }

    /**
     * Keeps a partition's progress and publishes the job with the partitions' sum. The run is kept
     * here only, not published: the exporters need its reports, not its progress.
     */
    private void progress(JobCommand command, byte[] tenant) {
        PartitionProgress progress = command.getProgress();
        run(tenant, command.getJobId(), progress.getAttempt())
                .filter(run -> !run.containsReports(progress.getPartition()))
                .ifPresent(run -> {
                    JobRunState advanced = run.toBuilder()
                            .putProgress(progress.getPartition(), progress.getProgress())
                            .build();
                    store.put(ledgerRun(tenant, command.getJobId()), advanced.toByteArray());
                    job(tenant, command.getJobId())
                            .ifPresent(job -> publishJob(
                                    tenant,
                                    job.toBuilder()
                                            .setProgress(progress(advanced))
                                            .setUpdateTime(progress.getAt())
                                            .build(),
                                    null,
                                    null));
                });
    }

    /**
     * Applies a change of an ingestion batch if the batch's record and state are still those the
     * sender read, publishing what it writes; the answer comes last, on the state's key, so that the
     * sender's store has every write when it hears the outcome.
     */
    private void changeBatch(JobCommand command, byte[] tenant) {
        BatchChange change = command.getBatchChange();
        Bytes record = Bytes.wrap(GlobalKeys.record(GlobalKeys.BATCHES, tenant, change.getBatchId()));
        Bytes state = Bytes.wrap(GlobalKeys.record(GlobalKeys.INGEST_BATCHES, tenant, change.getBatchId()));
        if (!holds(record, change.getExpectedRecord()) || !holds(state, change.getExpectedState())) {
            send(state.get(), store.get(state), command, CONFLICT);
            return;
        }
        if (change.hasRecord()) {
            send(record.get(), keep(record, change.getRecord()), null, null);
        }
        send(state.get(), change.hasState() ? keep(state, change.getState()) : store.get(state), command, APPLIED);
    }

    private boolean holds(Bytes key, Held expected) {
        byte[] held = store.get(key);
        return expected.getPresent()
                ? held != null && Arrays.equals(held, expected.getValue().toByteArray())
                : held == null;
    }

    /** Keeps {@code value} at {@code key} (absent: removes it); answers the value kept, null for none. */
    private byte[] keep(Bytes key, Held value) {
        if (!value.getPresent()) {
            store.delete(key);
            return null;
        }
        byte[] bytes = value.getValue().toByteArray();
        store.put(key, bytes);
        return bytes;
    }

    /** The reports summed as one run's result: every partition's batches, counters and time span. */
    static ExportResult summed(JobRunState run) {
        Map<String, BatchStats> batches = new LinkedHashMap<>();
        Map<String, Long> byNamespace = new TreeMap<>();
        long exported = 0;
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        Optional<SegmentEvaluation.Stats> segmentation = Optional.empty();
        for (PartitionReport report : new TreeMap<>(run.getReportsMap()).values()) {
            for (Map.Entry<String, BatchPart> part : report.getBatchesMap().entrySet()) {
                BatchPart counts = part.getValue();
                batches.merge(
                        part.getKey(),
                        new BatchStats(counts.getRows(), counts.getFilesCount(), counts.getBytes()),
                        (a, b) -> new BatchStats(a.rows() + b.rows(), a.files() + b.files(), a.bytes() + b.bytes()));
            }
            report.getByNamespaceMap().forEach((namespace, count) -> byNamespace.merge(namespace, count, Long::sum));
            exported += report.getExportedProfiles();
            start = Math.min(start, report.getExportStart());
            end = Math.max(end, report.getExportEnd());
            if (report.hasSegmentation()) {
                segmentation = Optional.of(summed(segmentation, report.getSegmentation()));
            }
        }
        return new ExportResult(new TreeMap<>(batches), exported, byNamespace, start, end, segmentation);
    }

    /** The partitions' evaluations as one: from the first start to the last end, their profiles summed. */
    private static SegmentEvaluation.Stats summed(
            Optional<SegmentEvaluation.Stats> sofar, PartitionSegmentation partition) {
        return sofar.map(stats -> new SegmentEvaluation.Stats(
                        Math.min(stats.startMillis(), partition.getStart()),
                        Math.max(stats.endMillis(), partition.getEnd()),
                        stats.profiles() + partition.getProfiles()))
                .orElseGet(() ->
                        new SegmentEvaluation.Stats(partition.getStart(), partition.getEnd(), partition.getProfiles()));
    }

    /** The run's progress: of each partition, its report's if it reported, else the latest it sent. */
    static JobProgress progress(JobRunState run) {
        JobProgress.Builder sum = RunProbe.NO_PROGRESS.toBuilder();
        for (PartitionReport report : run.getReportsMap().values()) {
            add(sum, report.getProgress());
        }
        run.getProgressMap().forEach((partition, progress) -> {
            if (!run.containsReports(partition)) {
                add(sum, progress);
            }
        });
        return sum.build();
    }

    private static void add(JobProgress.Builder sum, JobProgress progress) {
        sum.setProfilesRead(sum.getProfilesRead() + progress.getProfilesRead())
                .setRowsWritten(sum.getRowsWritten() + progress.getRowsWritten())
                .setProfilesTotal(sum.getProfilesTotal() + progress.getProfilesTotal())
                .setProfilesEvaluated(sum.getProfilesEvaluated() + progress.getProfilesEvaluated());
    }

    private Optional<ExportJob> job(byte[] tenant, long id) {
        return Optional.ofNullable(StoredValues.parse(ExportJob.parser(), store.get(ledgerJob(tenant, id)), "job"));
    }

    /** The run of a PROCESSING job, when it is the attempt {@code attempt}. */
    private Optional<JobRunState> run(byte[] tenant, long id, String attempt) {
        return Optional.ofNullable(StoredValues.parse(JobRunState.parser(), store.get(ledgerRun(tenant, id)), "run"))
                .filter(run -> run.getAttempt().equals(attempt))
                .filter(run -> job(tenant, id)
                        .map(job -> job.getStatus() == ExportJobStatus.PROCESSING)
                        .orElse(false));
    }

    /** Keeps the job ({@code job} null: removes it) and publishes it. */
    private void publishJob(byte[] tenant, ExportJob job, JobCommand command, String outcome) {
        long id = job == null ? command.getJobId() : job.getId();
        if (job == null) {
            store.delete(ledgerJob(tenant, id));
        } else {
            store.put(ledgerJob(tenant, id), job.toByteArray());
        }
        send(GlobalKeys.job(tenant, id), job == null ? null : job.toByteArray(), command, outcome);
    }

    private void publishRun(byte[] tenant, long id, JobRunState run) {
        store.put(ledgerRun(tenant, id), run.toByteArray());
        send(GlobalKeys.run(tenant, id), run.toByteArray(), null, null);
    }

    private void dropRun(byte[] tenant, long id) {
        if (store.delete(ledgerRun(tenant, id)) != null) {
            send(GlobalKeys.run(tenant, id), null, null, null);
        }
    }

    private void send(byte[] key, byte[] value, JobCommand command, String outcome) {
        RecordHeaders headers = new RecordHeaders();
        if (command != null) {
            headers.add(COMMAND, command.getCommandId().getBytes(StandardCharsets.UTF_8));
            headers.add(OUTCOME, outcome.getBytes(StandardCharsets.UTF_8));
        }
        context.forward(new Record<>(Bytes.wrap(key), value, context.currentSystemTimeMs(), headers));
    }

    private static Bytes ledgerJob(byte[] tenant, long id) {
        return Bytes.wrap(GlobalKeys.job(tenant, id));
    }

    private static Bytes ledgerRun(byte[] tenant, long id) {
        return Bytes.wrap(GlobalKeys.run(tenant, id));
    }
}
