package io.segexport.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Loads profiles over REST: pre-built batches POSTed to the ingest endpoint, a few in flight. */
final class RestIngest {
    static final String PATH = "/data/core/ups/ingest/profiles";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RestIngest() {}

    /** Posts every body, {@code inFlight} at a time; fails unless exactly {@code records} were accepted. */
    static void send(RestApi rest, List<byte[]> bodies, int inFlight, long records) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicLong accepted = new AtomicLong();
        CompletableFuture<?>[] lanes = new CompletableFuture<?>[inFlight];
        for (int lane = 0; lane < inFlight; lane++) {
            lanes[lane] = postFrom(rest, bodies, next, accepted);
        }
        try {
            CompletableFuture.allOf(lanes).get(4, TimeUnit.HOURS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("a REST ingest batch failed", e);
        }
        if (accepted.get() != records) {
            throw new IllegalStateException(accepted.get() + " of " + records + " profiles were accepted over REST");
        }
    }

    /** Posts the next body not yet taken, then the next, until none is left. */
    private static CompletableFuture<Void> postFrom(
            RestApi rest, List<byte[]> bodies, AtomicInteger next, AtomicLong accepted) {
        int index = next.getAndIncrement();
        if (index >= bodies.size()) {
            return CompletableFuture.completedFuture(null);
        }
        return rest.post(PATH, bodies.get(index)).thenCompose(answer -> {
            accepted.addAndGet(acceptedOf(answer.content().array()));
            return postFrom(rest, bodies, next, accepted);
        });
    }

    private static long acceptedOf(byte[] answer) {
        try {
            JsonNode totals = JSON.readTree(answer);
            return totals.path("accepted").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
