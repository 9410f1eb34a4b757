package io.segexport.server.rpc;

import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A service this deployment does not serve, mounted all the same: every method answers
 * UNIMPLEMENTED (501 over REST) with one message that says why, rather than the unknown method or
 * path its callers would meet otherwise.
 */
public final class Unserved {
    private Unserved() {}

    public static BindableService of(ServiceDescriptor service, String message) {
        ServerServiceDefinition.Builder definition = ServerServiceDefinition.builder(service);
        for (MethodDescriptor<?, ?> method : service.getMethods()) {
            refuse(definition, method, message);
        }
        ServerServiceDefinition built = definition.build();
        return () -> built;
    }

    private static <Q, R> void refuse(
            ServerServiceDefinition.Builder definition, MethodDescriptor<Q, R> method, String message) {
        definition.addMethod(method, (ServerCall<Q, R> call, Metadata headers) -> {
            StatusRuntimeException error = ServiceErrors.unimplemented(message);
            Metadata trailers = Status.trailersFromThrowable(error);
            call.close(error.getStatus(), trailers == null ? new Metadata() : trailers);
            return new ServerCall.Listener<>() {};
        });
    }
}
