package io.segexport.server.profiles;

import io.grpc.stub.StreamObserver;
import io.segexport.server.rpc.Unary;
import io.segexport.v1.IngestRequest;
import io.segexport.v1.IngestResponse;

/**
 * The server side of a client-streaming ingest call: each message is ingested (and written) as it
 * arrives, the totals are answered when the client ends the stream. A message the call cannot take
 * (a bad datasetId, too many records) ends the call with its error; the messages before it stay
 * written, each being its own atomic write. grpc-java delivers one message at a time, in order.
 */
final class IngestStream implements StreamObserver<IngestRequest> {
    /** Ingests one message; {@code offset} is the index of its first record in the stream. */
    interface Chunk {
        void ingest(IngestRequest request, long offset, IngestTotals totals);
    }

    private final StreamObserver<IngestResponse> response;
    private final Chunk chunk;
    private final IngestTotals totals = new IngestTotals();
    private long records;
    private boolean ended;

    IngestStream(StreamObserver<IngestResponse> response, Chunk chunk) {
        this.response = response;
        this.chunk = chunk;
    }

    @Override
    public void onNext(IngestRequest request) {
        if (ended) {
            return;
        }
        try {
            chunk.ingest(request, records, totals);
            records += request.getRecordsCount();
        } catch (RuntimeException e) {
            ended = true;
            response.onError(Unary.asStatus(e));
        }
    }

    /** The client cancelled or failed: there is no one to answer, and what was written stays. */
    @Override
    public void onError(Throwable t) {
        ended = true;
    }

    @Override
    public void onCompleted() {
        if (!ended) {
            ended = true;
            response.onNext(totals.toResponse());
            response.onCompleted();
        }
    }
}
