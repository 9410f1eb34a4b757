package io.segexport.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How often, and how patiently, the client retries an idempotent call that failed with
 * {@code UNAVAILABLE}: at most {@code maxAttempts} attempts in all, waiting {@code initialBackoff}
 * before the first retry and twice as long before each next one, but never more than
 * {@code maxBackoff}. Calls that change state (create, cancel, ingest) are not retried after
 * {@code UNAVAILABLE}, whatever the policy; nor is a call whose TLS handshake failed because the
 * client refused the server's certificate (a CA it does not trust, or a certificate for another
 * host). Any call the server refused for the client's request rate ({@code RESOURCE_EXHAUSTED} with
 * a RetryInfo) did nothing, and is made again after the wait the server gives, within the same
 * {@code maxAttempts}, when that wait is at most {@code maxBackoff}.
 *
 * @param maxAttempts    attempts in all, the first included; 1 means no retry
 * @param initialBackoff the wait before the first retry
 * @param maxBackoff     the longest wait between two attempts
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    /** 5 attempts, waiting 250 ms, 500 ms, 1 s and 2 s between them (4 s at most). */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(250), Duration.ofSeconds(4));

    /** One attempt: an unavailable server fails the call at once. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    /**
     * Checks the policy.
     *
     * @throws IllegalArgumentException when {@code maxAttempts} is below 1, a backoff is negative,
     *                                  or {@code maxBackoff} is shorter than {@code initialBackoff}
     */
    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoffs must satisfy 0 <= initialBackoff <= maxBackoff, not "
                    + initialBackoff + " and " + maxBackoff);
        }
    }

    /**
     * The wait before retry number {@code retry}: {@code initialBackoff * 2^(retry - 1)}, capped at
     * {@code maxBackoff}. No jitter: the waits are predictable, which matters more for a client of
     * one self-hosted server than spreading out a crowd of clients.
     *
     * @param retry the retry about to be made, from 1
     * @return how long to wait before it
     */
    public Duration backoff(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry counts from 1, not " + retry);
        }
        Duration wait = initialBackoff;
        for (int i = 1; i < retry && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) < 0 ? wait : maxBackoff;
    }
}
