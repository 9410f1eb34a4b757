package io.segexport.server.limits;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Each client's request rate, as a token bucket per client: a bucket holds up to {@code burst}
 * tokens, gains {@code rate} tokens a second, and each request takes one. A client whose bucket is
 * empty is told how long until it holds a token again.
 */
public final class ClientRates {
    /**
     * Beyond this many buckets, full ones (which are the same as no bucket at all) are dropped, at
     * most once a second.
     */
    private static final int SWEEP_ABOVE = 10_000;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int rate;
    private final int burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong sweptAt;

    /** {@code rate} requests a second after a {@code burst}, timed by {@code nanoTime} (System::nanoTime). */
    public ClientRates(int rate, int burst, LongSupplier nanoTime) {
        if (rate < 1 || burst < 1) {
            throw new IllegalArgumentException("rate and burst must be positive, not " + rate + " and " + burst);
        }
        this.rate = rate;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.sweptAt = new AtomicLong(nanoTime.getAsLong());
    }

    /**
     * Takes a token from the client's bucket: empty when the request may go ahead, else how long
     * the client must wait before its next request can.
     */
    public Optional<Duration> acquire(String client) {
        long now = nanoTime.getAsLong();
        long swept = sweptAt.get();
        if (buckets.size() > SWEEP_ABOVE && now - swept >= NANOS_PER_SECOND && sweptAt.compareAndSet(swept, now)) {
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
        return buckets.computeIfAbsent(client, key -> new Bucket(now)).take(now);
    }

    /** How many clients have a bucket now (full buckets may be dropped). */
    int tracked() {
        return buckets.size();
    }

    private final class Bucket {
        private double tokens = burst;
        private long refilledAt;

        Bucket(long now) {
            refilledAt = now;
        }

        synchronized Optional<Duration> take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos((long) Math.ceil((1 - tokens) * NANOS_PER_SECOND / rate)));
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            long elapsed = now - refilledAt;
            if (elapsed > 0) {
                tokens = Math.min(burst, tokens + (double) elapsed * rate / NANOS_PER_SECOND);
                refilledAt = now;
            }
        }
    }
}
