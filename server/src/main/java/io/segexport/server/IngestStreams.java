package io.segexport.server;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.segexport.v1.IngestRequest;
import io.segexport.v1.IngestResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Sends chunks of records over a client-streaming ingest call (StreamProfiles, StreamEvents) only as
 * fast as the server takes them, and waits for the totals: how the demo seeding loads its world.
 */
final class IngestStreams {
    /** A client-streaming ingest call of a stub, e.g. {@code stub::streamProfiles}. */
    interface Call {
        StreamObserver<IngestRequest> start(StreamObserver<IngestResponse> response);
    }

    private IngestStreams() {}

    static IngestResponse send(Call call, Iterator<IngestRequest> chunks, Duration timeout) throws InterruptedException {
        CompletableFuture<IngestResponse> done = new CompletableFuture<>();
        CompletableFuture<ClientCallStreamObserver<IngestRequest>> started = new CompletableFuture<>();
        call.start(new ClientResponseObserver<IngestRequest, IngestResponse>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<IngestRequest> requests) {
                started.complete(requests);
            }

            @Override
            public void onNext(IngestResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.completeExceptionally(new IllegalStateException("the stream ended without totals"));
            }
        });
        ClientCallStreamObserver<IngestRequest> requests = started.join();
        while (chunks.hasNext() && !done.isDone()) {
            while (!requests.isReady() && !done.isDone()) {
                Thread.sleep(1);
            }
            requests.onNext(chunks.next());
        }
        requests.onCompleted();
        try {
            return done.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the ingest stream failed", e);
        }
    }
}
