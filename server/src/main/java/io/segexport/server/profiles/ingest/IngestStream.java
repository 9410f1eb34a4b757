package io.segexport.server.profiles.ingest;

import io.grpc.stub.StreamObserver;
import io.segexport.server.profiles.stored.IngestRequestView;
import io.segexport.server.rpc.Unary;
import io.segexport.server.rpc.WellFormedCalls;
import io.segexport.v1.IngestResponse;

/**
 * The server side of a client-streaming ingest call: each message is ingested (and written) as it
 * arrives, the totals are answered when the client ends the stream. A message the call cannot take
 * (a bad datasetId, too many records, a record whose bytes are no Struct) ends the call with its
 * error; the messages before it stay written, each being its own atomic write. grpc-java delivers
 * one message at a time, in order.
 */
final class IngestStream implements StreamObserver<IngestRequestView> {
    /** Ingests one message; {@code offset} is the index of its first record in the stream. */
    interface Chunk {
        void ingest(IngestRequestView request, long offset, IngestTotals totals);
    }

    private final StreamObserver<IngestResponse> response;
    private final String method;
    private final Chunk chunk;
    private final IngestTotals totals = new IngestTotals();
    private long records;
    private boolean ended;

    /** A stream of {@code method} (its full name, for errors). */
    IngestStream(StreamObserver<IngestResponse> response, String method, Chunk chunk) {
        this.response = response;
        this.method = method;
        this.chunk = chunk;
    }

    @Override
    public void onNext(IngestRequestView request) {
        if (ended) {
            return;
        }
        try {
            chunk.ingest(request, records, totals);
            records += request.getRecordsCount();
        } catch (MalformedRecord e) {
            end(WellFormedCalls.invalidMessage(method));
        } catch (RuntimeException e) {
            end(Unary.asStatus(e));
        }
    }

    private void end(Throwable error) {
        ended = true;
        response.onError(error);
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
