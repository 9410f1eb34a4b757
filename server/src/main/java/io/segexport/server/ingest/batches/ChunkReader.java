package io.segexport.server.ingest.batches;

import io.grpc.Context;
import io.segexport.server.ingest.IngestDestination;
import io.segexport.server.ingest.files.JsonRecord;
import io.segexport.server.ingest.files.JsonRecordReader;
import io.segexport.server.ingest.stored.IngestBatchState;
import io.segexport.server.limits.Limits;
import io.segexport.server.profiles.ingest.RepeatableIngestion;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a batch's files on a thread of its own, from a checkpoint on, into chunks of records,
 * each read and checked for the profile store ({@link RepeatableIngestion#prepare}), so that the
 * batch's worker only writes them: reading and writing then use both cores. A chunk holds at most
 * {@link BatchProcessor#CHUNK_RECORDS} records and {@link #CHUNK_BYTES} of them, and at most two
 * wait, so memory stays bounded whatever the files' sizes. Chunks come in file order.
 */
final class ChunkReader implements AutoCloseable {
    /**
     * A chunk: good records of one file, in order, prepared (null
     * for a dataset that keeps files only), or one record of it that could not be read.
     */
    record Chunk(int fileIndex, String fileName, List<JsonRecord> records, RepeatableIngestion.Prepared prepared) {
        boolean unreadable() {
            return records.size() == 1 && !records.get(0).good();
        }
    }

    /** Bytes of records (their encoding and JSON) a chunk holds at most, whatever their number. */
    static final int CHUNK_BYTES = 8 << 20;

    /** Queued after the last chunk. */
    private static final Object END = new Object();

    private final IngestBatchState state;
    private final IngestDestination destination;
    private final Uploads uploads;
    private final Limits limits;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(2);
    private final Thread thread;
    private volatile boolean closed;

    /** Starts reading at file {@code fileIndex}, after its first {@code skip} records. */
    ChunkReader(
            IngestBatchState state,
            IngestDestination destination,
            Uploads uploads,
            Limits limits,
            int fileIndex,
            long skip) {
        this.state = state;
        this.destination = destination;
        this.uploads = uploads;
        this.limits = limits;
        // The worker runs under the server's limits (a gRPC context); the checks read them there.
        this.thread = new Thread(Context.current().wrap(() -> read(fileIndex, skip)), "batch-ingestion-reader");
        thread.setDaemon(true);
        thread.start();
    }

    /** The next chunk, or null after the last; the reader's failure, if it failed. */
    Chunk next() throws IOException, InterruptedException {
        Object next = queue.take();
        if (next == END) {
            queue.put(END);
            return null;
        }
        if (next instanceof IOException e) {
            throw e;
        }
        if (next instanceof RuntimeException e) {
            throw e;
        }
        return (Chunk) next;
    }

    private void read(int fromFile, long skip) {
        Object last = END;
        try {
            for (int i = fromFile; i < state.getFilesCount() && !closed; i++) {
                readFile(i, i == fromFile ? skip : 0);
            }
        } catch (InterruptedException e) {
            return;
        } catch (IOException | RuntimeException e) {
            last = e;
        }
        try {
            queue.put(last);
        } catch (InterruptedException e) {
            // Closed: no one reads it.
        }
    }

    private void readFile(int index, long skip) throws IOException, InterruptedException {
        String name = state.getFiles(index).getName();
        JsonRecordReader.Layout layout =
                state.getMultiLine() ? JsonRecordReader.Layout.MULTI_LINE : JsonRecordReader.Layout.LINES;
        try (InputStream in = uploads.open(state.getBatchId(), state.getFiles(index));
                JsonRecordReader reader = new JsonRecordReader(in, layout, limits.requestBytes(), limits.jsonDepth())) {
            List<JsonRecord> good = new ArrayList<>(BatchProcessor.CHUNK_RECORDS);
            long bytes = 0;
            long seen = 0;
            for (JsonRecord record = reader.next(); record != null && !closed; record = reader.next()) {
                if (seen++ < skip) {
                    continue;
                }
                if (record.good()) {
                    good.add(record);
                    bytes += record.struct().length + record.json().length;
                    if (good.size() == BatchProcessor.CHUNK_RECORDS || bytes >= CHUNK_BYTES) {
                        good = send(index, name, good);
                        bytes = 0;
                    }
                } else {
                    good = send(index, name, good);
                    bytes = 0;
                    put(new Chunk(index, name, List.of(record), null));
                }
            }
            send(index, name, good);
        }
    }

    /** Queues the good records read so far as a chunk, when there are any; answers a new, empty list. */
    private List<JsonRecord> send(int index, String name, List<JsonRecord> good) throws InterruptedException {
        if (!good.isEmpty()) {
            put(new Chunk(index, name, good, prepared(good)));
        }
        return new ArrayList<>(BatchProcessor.CHUNK_RECORDS);
    }

    private RepeatableIngestion.Prepared prepared(List<JsonRecord> good) {
        if (destination == IngestDestination.FILES) {
            return null;
        }
        List<byte[]> structs = new ArrayList<>(good.size());
        good.forEach(record -> structs.add(record.struct()));
        return RepeatableIngestion.prepare(
                destination.kind(), state.getDatasetId(), state.getBatchId(), structs, state.getIngestTime(), "record");
    }

    private void put(Chunk chunk) throws InterruptedException {
        queue.put(chunk);
    }

    /** Stops the reading thread and waits for it. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.interrupt();
        thread.join();
    }
}
