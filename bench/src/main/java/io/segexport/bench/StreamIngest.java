package io.segexport.bench;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.segexport.server.IngestStreams;
import io.segexport.v1.IngestResponse;
import io.segexport.v1.ProfileServiceGrpc;
import io.segexport.v1.SerializedMessages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Loads profiles over client-streaming gRPC (StreamProfiles): serialized messages sent as they are,
 * over a few concurrent streams, each only as fast as the server takes them.
 */
final class StreamIngest {
    static final int STREAMS = 4;

    private static final MethodDescriptor<byte[], IngestResponse> STREAM_PROFILES =
            ProfileServiceGrpc.getStreamProfilesMethod().toBuilder(
                            SerializedMessages.MARSHALLER,
                            ProfileServiceGrpc.getStreamProfilesMethod().getResponseMarshaller())
                    .build();

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

    private static void sendStream(
            Channel channel, List<Supplier<byte[]>> chunks, int stream, CompletableFuture<IngestResponse> totals) {
        Iterator<byte[]> mine = IntStream.iterate(stream, k -> k < chunks.size(), k -> k + STREAMS)
                .mapToObj(k -> chunks.get(k).get())
                .iterator();
        try {
            totals.complete(IngestStreams.send(
                    responses -> ClientCalls.asyncClientStreamingCall(
                            channel.newCall(STREAM_PROFILES, CallOptions.DEFAULT), responses),
                    mine,
                    Duration.ofHours(4)));
        } catch (RuntimeException | InterruptedException e) {
            totals.completeExceptionally(e);
        }
    }
}
