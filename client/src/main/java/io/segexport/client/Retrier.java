package io.segexport.client;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Makes calls under the client's {@link RetryPolicy}, and turns their failures into
 * {@link SegexportException}s.
 */
final class Retrier {
    private final RetryPolicy policy;
    private final ManagedChannel channel;

    Retrier(RetryPolicy policy, ManagedChannel channel) {
        this.policy = policy;
        this.channel = channel;
    }

    RetryPolicy policy() {
        return policy;
    }

    /**
     * Makes a call that changes state exactly once: a retry could do it twice. A call refused for
     * the client's request rate did nothing, though: it is made again after the wait the server asks for.
     */
    <T> T once(Supplier<T> call) {
        return attempts(call, false);
    }

    /**
     * Makes an idempotent call, again after each {@code UNAVAILABLE} while the policy allows (not
     * when the client refused the server's certificate, which no retry changes), and after a
     * refusal for the client's request rate, as {@link #once} does.
     */
    <T> T idempotent(Supplier<T> call) {
        return attempts(call, true);
    }

    private <T> T attempts(Supplier<T> call, boolean idempotent) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (StatusRuntimeException e) {
                SegexportException failure = SegexportException.from(e);
                Optional<Duration> wait = attempt < policy.maxAttempts()
                        ? waitBeforeRetry(e, failure, attempt, idempotent)
                        : Optional.empty();
                if (wait.isEmpty()) {
                    throw failure;
                }
                pause(wait.get());
            }
        }
    }

    /** How long to wait before making a failed call again; empty when it must not be made again. */
    private Optional<Duration> waitBeforeRetry(
            StatusRuntimeException e, SegexportException failure, int attempt, boolean idempotent) {
        if (failure.code() == Status.Code.RESOURCE_EXHAUSTED) {
            // Refused before it ran; a wait longer than the policy ever waits is the caller's to decide.
            return failure.retryDelay().filter(delay -> delay.compareTo(policy.maxBackoff()) <= 0);
        }
        if (idempotent && failure.code() == Status.Code.UNAVAILABLE && !TlsFailures.certificateRefused(e)) {
            return Optional.of(policy.backoff(attempt));
        }
        return Optional.empty();
    }

    /**
     * Opens a server stream, retried as an idempotent call until its first message (or its end)
     * arrives: before that nothing has been seen, so nothing can be seen twice. Later failures are
     * not retried; the returned iterator throws them as {@link SegexportException}s.
     */
    <T> Iterator<T> openStream(Supplier<Iterator<T>> open) {
        return idempotent(() -> {
            Iterator<T> stream = open.get();
            stream.hasNext();
            return new TranslatingIterator<>(stream);
        });
    }

    /**
     * Waits before a retry, then asks the channel to reconnect at once: its own reconnect backoff
     * would otherwise keep a server that has just started out of reach for a while.
     */
    void pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            throw SegexportException.interrupted(e);
        }
        channel.resetConnectBackoff();
    }

    /** A blocking stream whose failures are {@link SegexportException}s. */
    private record TranslatingIterator<T>(Iterator<T> stream) implements Iterator<T> {
        @Override
        public boolean hasNext() {
            try {
                return stream.hasNext();
            } catch (StatusRuntimeException e) {
                throw SegexportException.from(e);
            }
        }

        @Override
        public T next() {
            try {
                return stream.next();
            } catch (StatusRuntimeException e) {
                throw SegexportException.from(e);
            }
        }
    }
}
