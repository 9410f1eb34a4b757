package io.segexport.server.ingest.batches;

import io.segexport.server.batchstore.BatchStore;
import io.segexport.server.ingest.IngestDestination;
import io.segexport.server.ingest.files.JsonRecord;
import io.segexport.server.ingest.stored.Checkpoint;
import io.segexport.server.ingest.stored.IngestBatchState;
import io.segexport.server.ingest.stored.UploadedFile;
import io.segexport.server.limits.Limits;
import io.segexport.server.metrics.IngestMeter;
import io.segexport.server.profiles.ingest.RepeatableIngestion;
import io.segexport.server.profiles.ingest.RepeatableIngestion.Rejection;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.store.DataLayout;
import io.segexport.server.store.DiskFull;
import io.segexport.server.store.Records;
import io.segexport.server.store.Tenant;
import io.segexport.v1.Batch;
import io.segexport.v1.BatchError;
import io.segexport.v1.BatchMetrics;
import io.segexport.v1.DataSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes completed ingestion batches, one at a time, on a thread of its own: reads each uploaded
 * file's records, sends the good ones to the profile store (for a dataset enabled for Profile) in
 * chunks, writes them to the batch's part files and the bad ones, with their line and reason, to its
 * failed-records file, then ends the batch "success" or "failed" with its metrics.
 *
 * <p>Progress is checkpointed every few chunks, after the files are synced and the store has the
 * records; a batch interrupted by a stop or a crash resumes from its checkpoint at the next start.
 * What a resumed run does again (at most the chunks after the checkpoint) it does the same way
 * ({@link RepeatableIngestion}), and the files are cut back to the checkpoint's lengths, so the
 * outcome is that of one uninterrupted run.
 */
public final class BatchProcessor implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(BatchProcessor.class);
    /** Records a chunk sends to the store in one write. */
    static final int CHUNK_RECORDS = 1000;
    /** Chunks between checkpoints: each costs a sync of the batch's files and a store write. */
    static final int CHUNKS_PER_CHECKPOINT = 16;
    /** INVALID_RECORD errors a batch lists; failedRecordCount counts them all. */
    static final int LISTED_ERRORS = 100;

    private final IngestMeter meter;
    private final IngestBatches batches;
    private final Records<DataSet> dataSets;
    private final Uploads uploads;
    private final DataLayout layout;
    private final BatchStore batchStore;
    private final ProcessingSite site;
    private final Limits limits;
    private final LinkedBlockingQueue<Key> queue = new LinkedBlockingQueue<>();
    /** The batches queued or being processed: a batch is queued once however often it is found. */
    private final Set<Key> queued = ConcurrentHashMap.newKeySet();

    private final Thread worker;
    private volatile boolean stopping;

    private record Key(Tenant tenant, String batchId) {}

    /** Queued by {@link #close}: the worker ends when it takes it. */
    private static final Key END = new Key(null, null);

    /** The first wait before a batch whose files could not be published is processed again; it doubles up to {@link #MAX_RETRY_DELAY}. */
    static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(5);

    static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(5);

    /** Publish attempts that failed, by batch, for the next wait. */
    private final Map<Key, Integer> publishFailures = new ConcurrentHashMap<>();

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "batch-ingestion-timer");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * The batch store refused a batch's files (an S3-compatible server down, say). The records are in
     * the profile store already, so the batch is not failed: it stays "processing" and is processed
     * again later, which redoes at most the chunks after its checkpoint, the same way, and publishes.
     */
    private static final class PublishFailed extends RuntimeException {
        PublishFailed(String batchId, IOException cause) {
            super("could not publish the files of batch " + batchId + ": " + cause.getMessage(), cause);
        }
    }

    /** Thrown inside a pass when the processor is closing: the batch resumes at the next start. */
    private static final class Stopping extends RuntimeException {
        Stopping() {
            super(null, null, false, false);
        }
    }

    /** Thrown inside a pass when the batch is no longer this node's: its new owner processes it. */
    private static final class Moved extends RuntimeException {
        Moved() {
            super(null, null, false, false);
        }
    }

    BatchProcessor(
            IngestBatches batches,
            Records<DataSet> dataSets,
            Uploads uploads,
            DataLayout layout,
            BatchStore batchStore,
            ProcessingSite site,
            Limits limits,
            IngestMeter meter) {
        this.meter = meter;
        this.batches = batches;
        this.dataSets = dataSets;
        this.uploads = uploads;
        this.layout = layout;
        this.batchStore = batchStore;
        this.site = site;
        this.limits = limits;
        this.worker = new Thread(this::run, "batch-ingestion");
        worker.setDaemon(true);
    }

    /** Queues the batches a stop left processing, then starts the worker (and the rescans, where the site has them). */
    void start() {
        resume();
        worker.start();
        site.rescan()
                .ifPresent(every -> timer.scheduleWithFixedDelay(
                        this::rescan, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void rescan() {
        try {
            resume();
        } catch (RuntimeException e) {
            if (!stopping) {
                logger.warn(
                        "Could not look through the ingestion batches, tried again in a moment: {}", e.getMessage());
            }
        }
    }

    /** Queues this node's batches left processing or reverting; removes what ended batches left behind. */
    private void resume() {
        for (BatchLedger.Kept held : batches.allStates()) {
            IngestBatchState state = held.state();
            if (!site.processes().test(state.getBatchId())) {
                continue;
            }
            String status = held.record()
                    .filter(Batch::hasInputFormat)
                    .map(Batch::getStatus)
                    .orElse("");
            if (status.equals("processing") || state.getReverting()) {
                enqueue(state);
            } else if (!status.equals("loading")) {
                // A crash after the batch ended and before its state was removed, or before it had a record.
                forget(state);
            }
        }
    }

    /** Queues the batch, when this node processes it and it is not queued already. */
    void enqueue(IngestBatchState state) {
        Key key = new Key(IngestBatches.tenant(state), state.getBatchId());
        if (site.processes().test(key.batchId()) && queued.add(key)) {
            queue.add(key);
        }
    }

    /** Removes what a batch keeps only while it loads or is processed: its state, its uploads and its output. */
    void forget(IngestBatchState state) {
        batches.deleteState(state);
        removeFiles(state);
    }

    /** Removes the uploads and output of a batch that has lost its state. */
    void removeFiles(IngestBatchState state) {
        uploads.delete(state.getBatchId());
        layout.remove(layout.output(state.getBatchId()));
    }

    /**
     * REVERT of a processed batch, which then becomes "inactive": a batch of a dataset that keeps
     * files only loses its files at once; a batch of events loses its events in the profile store,
     * then its files, on the worker (a stop resumes it). A batch of profile records is refused, as the
     * platform refuses it: each record replaced its dataset's earlier fragment of the profile, which is
     * not kept, so there is nothing to go back to; ingesting corrected records is the way.
     */
    void revert(Tenant tenant, String batchId) {
        batches.locked(tenant, batchId, () -> {
            Batch batch = batches.batch(tenant, batchId);
            if (batches.state(tenant, batchId)
                    .filter(IngestBatchState::getReverting)
                    .isPresent()) {
                return null;
            }
            if (!batch.getStatus().equals("success") && !batch.getStatus().equals("failed")) {
                throw ServiceErrors.failedPrecondition("batch " + batchId + " is " + batch.getStatus()
                        + ": only a processed batch (success or failed) can be reverted");
            }
            DataSet dataSet = dataSet(tenant, batch);
            IngestDestination destination = dataSet == null ? IngestDestination.EVENTS : IngestDestination.of(dataSet);
            switch (destination) {
                case PROFILES ->
                    throw ServiceErrors.failedPrecondition("batch " + batchId
                            + " wrote profile records, which replaced the earlier records of its dataset's profiles"
                            + " and cannot be undone: ingest corrected records instead");
                case EVENTS -> {
                    IngestBatchState reverting = IngestBatches.newState(tenant, batchId)
                            .setIngestTime(batch.getStarted())
                            .setReverting(true)
                            .build();
                    batches.putState(reverting);
                    enqueue(reverting);
                }
                case FILES -> deactivate(tenant, batchId);
            }
            return null;
        });
    }

    /** The batch's files are removed and it is "inactive"; call it under the batch's lock. */
    private void deactivate(Tenant tenant, String batchId) {
        try {
            batchStore.delete(batchId);
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the files of batch " + batchId, e);
        }
        long now = batches.now();
        batches.change(
                tenant, batchId, reverted -> reverted.setStatus("inactive").setUpdated(now));
    }

    /** The worker's part of a REVERT: see {@link #revert}. */
    private void finishRevert(Key key, IngestBatchState state) {
        site.removal().remove(key.tenant(), key.batchId(), state.getIngestTime());
        batches.locked(key.tenant(), key.batchId(), () -> {
            deactivate(key.tenant(), key.batchId());
            return null;
        });
        forget(state);
        logger.info("Ingestion batch {} reverted: its events removed", key.batchId());
    }

    private void run() {
        while (!stopping) {
            Key key;
            try {
                key = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (key == END) {
                return;
            }
            try {
                limits.run(() -> process(key));
            } catch (Stopping e) {
                return;
            } catch (Moved e) {
                logger.info("Ingestion batch {} moved to another node, which processes it", key.batchId());
            } catch (PublishFailed e) {
                retryLater(key, e.getMessage());
            } catch (RuntimeException e) {
                if (DiskFull.causedBy(e)) {
                    // What the batch wrote before the disk filled is written again: a pass is repeatable.
                    retryLater(key, DiskFull.MESSAGE);
                    continue;
                }
                logger.error("Ingestion batch {} failed", key.batchId(), e);
                fail(key, "INTERNAL", "the batch could not be processed: " + e.getMessage());
            } finally {
                queued.remove(key);
            }
        }
    }

    private void retryLater(Key key, String why) {
        int failures = publishFailures.merge(key, 1, Integer::sum);
        Duration delay = FIRST_RETRY_DELAY.multipliedBy(1L << Math.min(failures - 1, 10));
        if (delay.compareTo(MAX_RETRY_DELAY) > 0) {
            delay = MAX_RETRY_DELAY;
        }
        logger.warn(
                "Ingestion batch {} stays processing, tried again in {} s: {}", key.batchId(), delay.toSeconds(), why);
        timer.schedule(() -> queue.add(key), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void process(Key key) {
        Optional<IngestBatchState> found = batches.state(key.tenant(), key.batchId());
        if (found.isEmpty() || !site.processes().test(key.batchId())) {
            return;
        }
        IngestBatchState state = found.get();
        if (state.getReverting()) {
            finishRevert(key, state);
            return;
        }
        Batch batch = batches.batch(key.tenant(), key.batchId());
        if (!batch.getStatus().equals("processing")) {
            return;
        }
        DataSet dataSet = dataSet(key.tenant(), batch);
        if (dataSet == null) {
            fail(key, "UNKNOWN_DATASET", "dataset " + state.getDatasetId() + " no longer exists");
            return;
        }
        IngestDestination destination = IngestDestination.of(dataSet);
        logger.info("Ingestion batch {} is processed on this node", key.batchId());
        try {
            Checkpoint done;
            if (state.getPartialIngestionPercentage() > 0 && !state.hasCheckpoint()) {
                Checkpoint counted = new Pass(state, destination, Pass.Mode.COUNT).run();
                if (tooManyBad(state, counted)) {
                    done = new Pass(state, destination, Pass.Mode.FAILED_ONLY).run();
                    end(key, state, done, false);
                    return;
                }
            }
            done = new Pass(state, destination, Pass.Mode.WRITE).run();
            end(key, state, done, true);
        } catch (IOException e) {
            throw new UncheckedIOException("could not process batch " + key.batchId(), e);
        }
    }

    private static boolean tooManyBad(IngestBatchState state, Checkpoint counted) {
        return counted.getFailedRecords() * 100
                > (long) state.getPartialIngestionPercentage() * counted.getInputRecords();
    }

    /** Ends a batch: its status and metrics in the catalog, then its state and uploads removed. */
    private void end(Key key, IngestBatchState state, Checkpoint done, boolean written) throws IOException {
        List<BatchError> errors = new ArrayList<>(done.getErrorsList());
        boolean success = written;
        if (done.getInputRecords() == 0) {
            success = false;
            errors.add(error(
                    "NO_RECORDS",
                    state.getFilesCount() == 0 ? "the batch has no file" : "the batch's files hold no record",
                    0));
        } else if (!written) {
            errors.add(error(
                    "TOO_MANY_BAD_RECORDS",
                    done.getFailedRecords() + " of " + done.getInputRecords() + " records are bad, more than the "
                            + state.getPartialIngestionPercentage()
                            + " % the batch allows (partialIngestionPercentage)",
                    done.getFailedRecords()));
        } else if (done.getOutputRecords() == 0) {
            success = false;
            errors.add(error(
                    "NO_GOOD_RECORDS",
                    "none of the batch's " + done.getInputRecords() + " records is good",
                    done.getFailedRecords()));
        }
        Path folder = layout.output(state.getBatchId());
        long partBytes = 0;
        int partFiles = 0;
        for (int i = 0; i < state.getFilesCount(); i++) {
            Path part = folder.resolve(BatchOutput.partName(i));
            if (Files.exists(part)) {
                if (success) {
                    partBytes += Files.size(part);
                    partFiles++;
                } else {
                    layout.remove(part);
                }
            }
        }
        BatchMetrics metrics = BatchMetrics.newBuilder()
                .setRecordCount(success ? done.getOutputRecords() : 0)
                .setOutputFileCount(partFiles)
                .setOutputByteSize(partBytes)
                .setInputFileCount(state.getFilesCount())
                .setInputByteSize(state.getFilesList().stream()
                        .mapToLong(UploadedFile::getLength)
                        .sum())
                .setInputRecordCount(done.getInputRecords())
                .setOutputRecordCount(success ? done.getOutputRecords() : 0)
                .setFailedRecordCount(done.getFailedRecords())
                .build();
        String status = success ? "success" : "failed";
        // Published before the record says so: a crash in between publishes again at the next start.
        try {
            batchStore.publish(state.getBatchId(), folder);
        } catch (IOException e) {
            throw new PublishFailed(state.getBatchId(), e);
        }
        publishFailures.remove(key);
        long now = batches.now();
        boolean ended = batches.locked(key.tenant(), key.batchId(), () -> {
            // Another node that processed it too (while it moved) may have ended it first.
            if (!batches.batch(key.tenant(), key.batchId()).getStatus().equals("processing")) {
                return false;
            }
            batches.change(
                    key.tenant(),
                    key.batchId(),
                    batch -> batch.setStatus(status)
                            .setUpdated(now)
                            .setCompleted(now)
                            .clearErrors()
                            .addAllErrors(errors)
                            .setMetrics(metrics));
            return true;
        });
        if (!ended) {
            return;
        }
        forget(state);
        meter.counted("batch", metrics.getOutputRecordCount(), done.getFailedRecords());
        logger.info(
                "Ingestion batch {} ended {}: {} records read, {} kept, {} rejected",
                state.getBatchId(),
                status,
                done.getInputRecords(),
                done.getOutputRecords(),
                done.getFailedRecords());
    }

    /** A processing batch fails; a reverting one keeps its state, so that the revert resumes at the next start. */
    private void fail(Key key, String code, String description) {
        batches.state(key.tenant(), key.batchId())
                .filter(state -> !state.getReverting())
                .ifPresent(state -> {
                    long now = batches.now();
                    batches.locked(key.tenant(), key.batchId(), () -> {
                        batches.change(
                                key.tenant(),
                                key.batchId(),
                                batch -> batch.setStatus("failed")
                                        .setUpdated(now)
                                        .setCompleted(now)
                                        .addErrors(error(code, description, 0)));
                        return null;
                    });
                    forget(state);
                });
    }

    private DataSet dataSet(Tenant tenant, Batch batch) {
        return batch.getRelatedObjectsList().stream()
                .filter(object -> object.getType().equals("dataSet"))
                .findFirst()
                .flatMap(object -> dataSets.get(tenant, object.getId()))
                .orElse(null);
    }

    static BatchError error(String code, String description, long records) {
        return BatchError.newBuilder()
                .setCode(code)
                .setDescription(description)
                .setRecordCount(records)
                .build();
    }

    /**
     * Stops the worker at its next chunk (never mid-write: an interrupt would close the files it
     * writes); a batch it was processing resumes from its checkpoint at the next start.
     */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        timer.shutdownNow();
        queue.add(END);
        if (worker.isAlive()) {
            worker.join();
        }
    }

    /** One reading of a batch's files, from its checkpoint: a {@link ChunkReader} reads, this writes. */
    private final class Pass {
        enum Mode {
            /** Counts good and bad records, writing nothing. */
            COUNT,
            /** Writes the failed-records file only: the batch fails as a whole. */
            FAILED_ONLY,
            /** Writes everything, checkpointing. */
            WRITE
        }

        private final IngestBatchState state;
        private final IngestDestination destination;
        private final Mode mode;
        private final Tenant tenant;
        private Checkpoint.Builder at;
        private BatchOutput out;
        private int chunks;

        Pass(IngestBatchState state, IngestDestination destination, Mode mode) {
            this.state = state;
            this.destination = destination;
            this.mode = mode;
            this.tenant = IngestBatches.tenant(state);
        }

        Checkpoint run() throws IOException {
            at = mode == Mode.WRITE ? state.getCheckpoint().toBuilder() : Checkpoint.newBuilder();
            BatchOutput output =
                    mode == Mode.COUNT ? null : new BatchOutput(layout.output(state.getBatchId()), at.getFailedBytes());
            out = output;
            try (output;
                    ChunkReader reader = new ChunkReader(
                            state, destination, uploads, limits, at.getFileIndex(), at.getFileRecords())) {
                if (mode == Mode.WRITE) {
                    out.startPart(at.getFileIndex(), at.getPartBytes());
                }
                for (ChunkReader.Chunk chunk = reader.next(); chunk != null; chunk = reader.next()) {
                    if (chunk.fileIndex() != at.getFileIndex()) {
                        at.setFileIndex(chunk.fileIndex()).setFileRecords(0).setPartBytes(0);
                        if (mode == Mode.WRITE) {
                            out.startPart(chunk.fileIndex(), 0);
                        }
                    }
                    write(chunk);
                }
                checkpoint();
                return at.build();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopping();
            }
        }

        /** Stores the chunk's records (when writing), then writes each where it belongs. */
        private void write(ChunkReader.Chunk chunk) throws IOException {
            if (stopping) {
                throw new Stopping();
            }
            if (!site.processes().test(state.getBatchId())) {
                throw new Moved();
            }
            if (chunk.unreadable()) {
                JsonRecord record = chunk.records().get(0);
                reject(chunk.fileName(), record, "record " + record.error(), true);
                at.setInputRecords(at.getInputRecords() + 1).setFileRecords(at.getFileRecords() + 1);
                return;
            }
            List<Rejection> rejections =
                    chunk.prepared() == null ? List.of() : chunk.prepared().rejections();
            if (mode == Mode.WRITE && chunk.prepared() != null) {
                RepeatableIngestion.write(site.writes(), tenant, chunk.prepared());
            }
            int next = 0;
            for (int i = 0; i < chunk.records().size(); i++) {
                JsonRecord record = chunk.records().get(i);
                if (next < rejections.size() && rejections.get(next).index() == i) {
                    reject(chunk.fileName(), record, rejections.get(next++).message(), false);
                } else {
                    at.setOutputRecords(at.getOutputRecords() + 1);
                    if (mode == Mode.WRITE) {
                        out.good(record.json());
                    }
                }
            }
            int size = chunk.records().size();
            at.setInputRecords(at.getInputRecords() + size).setFileRecords(at.getFileRecords() + size);
            if (++chunks % CHUNKS_PER_CHECKPOINT == 0) {
                checkpoint();
            }
        }

        private void reject(String name, JsonRecord record, String message, boolean corrupt) throws IOException {
            at.setFailedRecords(at.getFailedRecords() + 1);
            if (at.getErrorsCount() < LISTED_ERRORS) {
                at.addErrors(error("INVALID_RECORD", name + " line " + record.line() + ": " + message, 1));
            }
            if (out != null) {
                out.failed(name, record.line(), message, record.json(), corrupt);
            }
        }

        private void checkpoint() throws IOException {
            if (mode != Mode.WRITE) {
                return;
            }
            out.sync();
            at.setPartBytes(out.partBytes()).setFailedBytes(out.failedBytes());
            if (site.checkpoint()) {
                batches.putState(state.toBuilder().setCheckpoint(at).build());
            }
        }
    }
}
