package io.segexport.server;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.segexport.v1.IngestResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends messages over a client-streaming ingest call (StreamProfiles, StreamEvents) only as fast as
 * the server takes them, and waits for the totals: how the demo seeding loads its world, and how the
 * bench loads its profiles (as messages already serialized).
 */
public final class IngestStreams {
    /** A client-streaming ingest call, e.g. {@code stub::streamProfiles}. */
    public interface Call<T> {
        StreamObserver<T> start(StreamObserver<IngestResponse> response);
    }

    private IngestStreams() {}

    /**
     * Sends every message, then waits at most {@code timeout} for the totals; a message that cannot
     * be made (its iterator throws) cancels the call.
     */
    public static <T> IngestResponse send(Call<T> call, Iterator<T> messages, Duration timeout)
            throws InterruptedException {
        CompletableFuture<IngestResponse> done = new CompletableFuture<>();
        CompletableFuture<ClientCallStreamObserver<T>> started = new CompletableFuture<>();
        call.start(new ClientResponseObserver<T, IngestResponse>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<T> requests) {
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
        ClientCallStreamObserver<T> requests = started.join();
        try {
            while (messages.hasNext() && !done.isDone()) {
                T message = messages.next();
                while (!requests.isReady() && !done.isDone()) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    LockSupport.parkNanos(100_000);
                }
                requests.onNext(message);
            }
        } catch (RuntimeException | InterruptedException e) {
            requests.cancel("the messages could not be sent", e);
            throw e;
        }
        requests.onCompleted();
        try {
            return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the ingest stream failed", e);
        }
    }
}
