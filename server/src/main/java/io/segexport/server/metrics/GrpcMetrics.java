package io.segexport.server.metrics;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.segexport.gateway.management.LatencyBuckets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Times every call of the gRPC port into {@code segexport_grpc_requests_seconds}, by full method
 * name and status code, from its headers to its close; a call the client cancels counts as
 * CANCELLED. Only the gRPC port's calls: REST calls reach the same services, timed as REST.
 */
public final class GrpcMetrics implements ServerInterceptor {
    public static final String NAME = "segexport.grpc.requests";

    private final MeterRegistry registry;

    public GrpcMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        long start = System.nanoTime();
        String method = call.getMethodDescriptor().getFullMethodName();
        AtomicBoolean recorded = new AtomicBoolean();
        ServerCall<Q, A> timed = new SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                record(method, status.getCode(), start, recorded);
                super.close(status, trailers);
            }
        };
        return new SimpleForwardingServerCallListener<>(next.startCall(timed, headers)) {
            @Override
            public void onCancel() {
                record(method, Status.Code.CANCELLED, start, recorded);
                super.onCancel();
            }
        };
    }

    private void record(String method, Status.Code code, long start, AtomicBoolean recorded) {
        if (recorded.compareAndSet(false, true)) {
            LatencyBuckets.timer(NAME)
                    .description("gRPC calls, by method and status code")
                    .tag("method", method)
                    .tag("code", code.name())
                    .register(registry)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }
}
