package io.segexport.client;

import com.google.protobuf.Struct;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.segexport.v1.IngestRequest;
import io.segexport.v1.IngestResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Streams records of one dataset to the server ({@code StreamProfiles} or {@code StreamEvents}) as
 * fast as the server takes them, so that any number of records can be imported in little memory.
 *
 * <p>{@link #add} collects records into messages of up to 1,000 records (and about 1 MiB) and
 * blocks while the stream is not ready for the next one. {@link #finish} sends the rest and returns
 * the totals of the whole stream; {@link #close} without {@code finish} cancels the import (records
 * already sent may have been kept). Not thread-safe: one thread adds the records and finishes;
 * {@link #sent()} may be read from any thread.
 *
 * <pre>{@code
 * try (RecordImporter importer = client.importProfiles(datasetId)) {
 *     records.forEach(importer::add);
 *     IngestResponse totals = importer.finish();
 * }
 * }</pre>
 *
 * <p>Interrupting a thread blocked in {@code add} or {@code finish} cancels the import and throws a
 * {@link SegexportException} with code {@code CANCELLED}.
 */
public final class RecordImporter implements AutoCloseable {
    /** The most records the server takes in one message. */
    private static final int MAX_RECORDS_PER_MESSAGE = 1000;
    /** Well below the server's 4 MiB message limit, so large records still fit. */
    private static final int MAX_BYTES_PER_MESSAGE = 1 << 20;

    private final String datasetId;
    private final Object readiness = new Object();
    private final CompletableFuture<IngestResponse> totals = new CompletableFuture<>();
    private final ClientCallStreamObserver<IngestRequest> requests;
    private IngestRequest.Builder pending;
    private int pendingBytes;
    /** Read by progress displays on other threads. */
    private volatile long sent;

    private boolean finished;

    /** Starts the stream; {@code call} is a method of the async stub, e.g. {@code stub::streamProfiles}. */
    RecordImporter(String datasetId, Function<StreamObserver<IngestResponse>, StreamObserver<IngestRequest>> call) {
        this.datasetId = Objects.requireNonNull(datasetId, "datasetId");
        this.pending = newMessage();
        Responses responses = new Responses();
        call.apply(responses);
        this.requests = responses.stream;
    }

    /**
     * Adds a record; sends a message when one is full, after waiting until the stream is ready.
     *
     * @param record an XDM record of the dataset (a profile or an ExperienceEvent)
     * @throws SegexportException when the server has failed the stream (e.g. a bad dataset id)
     * @throws IllegalStateException after {@link #finish} or {@link #close}
     */
    public void add(Struct record) {
        Objects.requireNonNull(record, "record");
        if (finished) {
            throw new IllegalStateException("the import has finished or was closed");
        }
        int size = record.getSerializedSize();
        if (pending.getRecordsCount() > 0 && pendingBytes + size > MAX_BYTES_PER_MESSAGE) {
            flush();
        }
        pending.addRecords(record);
        pendingBytes += size;
        if (pending.getRecordsCount() == MAX_RECORDS_PER_MESSAGE) {
            flush();
        }
    }

    /**
     * Sends the records not sent yet, ends the stream and waits for the server's totals.
     *
     * @return the totals of the whole stream; {@code rejected[].index} counts records from 0 across
     *         the whole stream, in the order they were added
     * @throws SegexportException when the server has failed the stream
     * @throws IllegalStateException when called twice, or after {@link #close}
     */
    public IngestResponse finish() {
        if (finished) {
            throw new IllegalStateException("the import has finished or was closed");
        }
        if (pending.getRecordsCount() > 0) {
            flush();
        }
        finished = true;
        requests.onCompleted();
        try {
            return totals.get();
        } catch (InterruptedException e) {
            requests.cancel("the importing thread was interrupted", e);
            throw SegexportException.interrupted(e);
        } catch (ExecutionException e) {
            throw SegexportException.from(e.getCause());
        }
    }

    /** How many records have been sent to the server so far, for progress. */
    public long sent() {
        return sent;
    }

    /** Cancels the import unless it has finished; does nothing after {@link #finish}. */
    @Override
    public void close() {
        if (!finished) {
            finished = true;
            requests.cancel("the import was closed before it finished", null);
        }
    }

    private void flush() {
        awaitReady();
        IngestRequest message = pending.build();
        requests.onNext(message);
        sent += message.getRecordsCount();
        pending = newMessage();
        pendingBytes = 0;
    }

    /** Back-pressure: the stream's buffer is full until the server has taken what was sent. */
    private void awaitReady() {
        synchronized (readiness) {
            while (!requests.isReady() && !totals.isDone()) {
                try {
                    readiness.wait();
                } catch (InterruptedException e) {
                    finished = true;
                    requests.cancel("the importing thread was interrupted", e);
                    throw SegexportException.interrupted(e);
                }
            }
        }
        if (totals.isCompletedExceptionally()) {
            finished = true;
            try {
                totals.join();
            } catch (CompletionException e) {
                throw SegexportException.from(e.getCause());
            }
        }
    }

    private IngestRequest.Builder newMessage() {
        return IngestRequest.newBuilder().setDatasetId(datasetId);
    }

    private void wakeWriter() {
        synchronized (readiness) {
            readiness.notifyAll();
        }
    }

    /** The server's side of the stream: readiness for more, the totals, or a failure. */
    private final class Responses implements ClientResponseObserver<IngestRequest, IngestResponse> {
        private ClientCallStreamObserver<IngestRequest> stream;

        @Override
        public void beforeStart(ClientCallStreamObserver<IngestRequest> requestStream) {
            stream = requestStream;
            requestStream.setOnReadyHandler(RecordImporter.this::wakeWriter);
        }

        @Override
        public void onNext(IngestResponse response) {
            totals.complete(response);
        }

        @Override
        public void onError(Throwable t) {
            totals.completeExceptionally(t);
            wakeWriter();
        }

        @Override
        public void onCompleted() {
            // A stream that ends without totals is a server fault; a no-op once the totals are in.
            totals.completeExceptionally(new IllegalStateException("the server ended the import without totals"));
            wakeWriter();
        }
    }
}
