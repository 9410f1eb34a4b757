package io.segexport.bench;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.segexport.v1.IngestResponse;
import io.segexport.v1.ProfileServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Loads profiles over client-streaming gRPC (StreamProfiles): serialized messages sent as they are,
 * over a few concurrent streams, each only as fast as the server takes them.
 */
final class StreamIngest {
    static final int STREAMS = 4;

    private static final MethodDescriptor<byte[], IngestResponse> STREAM_PROFILES = ProfileServiceGrpc.getStreamProfilesMethod()
            .toBuilder(new RawBytes(), ProfileServiceGrpc.getStreamProfilesMethod().getResponseMarshaller()).build();

    private StreamIngest() {}

    /**
     * Sends {@code chunks} (message k on stream k mod {@link #STREAMS}) and waits for every stream's
     * totals; fails unless exactly {@code records} were accepted.
     */
    static void send(Channel channel, List<Supplier<byte[]>> chunks, long records) throws InterruptedException {
        List<CompletableFuture<IngestResponse>> streams = new ArrayList<>();
        List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < STREAMS; s++) {
            int stream = s;
            CompletableFuture<IngestResponse> totals = new CompletableFuture<>();
            streams.add(totals);
            Thread sender = new Thread(() -> sendStream(channel, chunks, stream, totals), "ingest-stream-" + s);
            senders.add(sender);
            sender.start();
        }
        long accepted = 0;
        for (CompletableFuture<IngestResponse> totals : streams) {
            try {
                IngestResponse response = totals.get(4, TimeUnit.HOURS);
                accepted += response.getAccepted();
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("an ingest stream failed", e);
            }
        }
        for (Thread sender : senders) {
            sender.join();
        }
        if (accepted != records) {
            throw new IllegalStateException(accepted + " of " + records + " profiles were accepted");
        }
    }

    private static void sendStream(Channel channel, List<Supplier<byte[]>> chunks, int stream, CompletableFuture<IngestResponse> totals) {
        CompletableFuture<ClientCallStreamObserver<byte[]>> started = new CompletableFuture<>();
        ClientCalls.asyncClientStreamingCall(channel.newCall(STREAM_PROFILES, CallOptions.DEFAULT), new ClientResponseObserver<byte[], IngestResponse>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<byte[]> requests) {
                started.complete(requests);
            }

            @Override
            public void onNext(IngestResponse response) {
                totals.complete(response);
            }

            @Override
            public void onError(Throwable t) {
                totals.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                totals.completeExceptionally(new IllegalStateException("the stream ended without totals"));
            }
        });
        ClientCallStreamObserver<byte[]> requests = started.join();
        try {
            for (int k = stream; k < chunks.size() && !totals.isDone(); k += STREAMS) {
                byte[] chunk = chunks.get(k).get();
                while (!requests.isReady() && !totals.isDone()) {
                    LockSupport.parkNanos(100_000);
                }
                requests.onNext(chunk);
            }
            requests.onCompleted();
        } catch (RuntimeException e) {
            requests.cancel("the bench could not send", e);
            totals.completeExceptionally(e);
        }
    }

    /** Messages already serialized: sent and read as they are. */
    private static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
