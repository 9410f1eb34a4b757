package io.segexport.server.limits;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import io.segexport.server.rpc.CallContext;
import io.segexport.server.rpc.Caller;
import io.segexport.server.rpc.ServiceErrors;
import java.time.Duration;
import java.util.Optional;

/**
 * Holds every call of the API to the server's limits: a call over its client's request rate is
 * refused (RESOURCE_EXHAUSTED with a RetryInfo; 429 with {@code Retry-After} on REST, which reaches
 * this through the in-process hop), and every other call gets the limits in its context, where
 * {@link Limits#current()} finds them. It runs after authentication: the rate is per authenticated
 * client (x-api-key), and a call refused before counts for no one.
 */
public final class LimitsInterceptor implements ServerInterceptor {
    private final Limits limits;
    private final ClientRates rates;

    public LimitsInterceptor(Limits limits) {
        this(limits, new ClientRates(limits.clientRate(), limits.clientBurst(), System::nanoTime));
    }

    LimitsInterceptor(Limits limits, ClientRates rates) {
        this.limits = limits;
        this.rates = rates;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Caller caller = CallContext.caller();
        if (caller == null) {
            throw new IllegalStateException("the limits interceptor must run after authentication");
        }
        Optional<Duration> wait = rates.acquire(caller.apiKey());
        if (wait.isPresent()) {
            StatusRuntimeException refused = tooManyRequests(wait.get());
            call.close(refused.getStatus(), refused.getTrailers() != null ? refused.getTrailers() : new Metadata());
            return new ServerCall.Listener<>() {};
        }
        return Contexts.interceptCall(Context.current().withValue(Limits.CONTEXT_KEY, limits), call, headers, next);
    }

    private StatusRuntimeException tooManyRequests(Duration wait) {
        long seconds = retryAfterSeconds(wait);
        return ServiceErrors.rateLimited(
                "this client (x-api-key) is over the " + Limit.CLIENT_RATE.flagName()
                        + " limit of " + limits.clientRate() + " requests a second (" + Limit.CLIENT_BURST.flagName()
                        + " "
                        + limits.clientBurst() + "); retry after " + seconds + " s",
                Limit.CLIENT_RATE.flagName(),
                wait);
    }

    /** Whole seconds, rounded up, as Retry-After gives them: at least 1. */
    static long retryAfterSeconds(Duration wait) {
        return Math.max(1, wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0));
    }
}
