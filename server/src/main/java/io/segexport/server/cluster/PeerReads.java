package io.segexport.server.cluster;

import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.segexport.server.cluster.stored.PeerRead;
import io.segexport.server.cluster.stored.PeerValue;
import io.segexport.server.rpc.CallContext;
import io.segexport.server.rpc.Unary;

/**
 * The one call a cluster's nodes make to each other: read a key of a partition the callee owns
 * ({@link ClusterLookup}). It is served on the gRPC port, behind the API's own interceptors, and
 * called with the caller's credentials forwarded, so the callee builds the key from the caller's
 * tenant: it reads nothing the caller's own lookups could not. It is not part of the API: no REST
 * path, no contract.
 */
final class PeerReads implements BindableService {
    static final String SERVICE = "segexport.internal.PeerReads";
    static final MethodDescriptor<PeerRead, PeerValue> READ = MethodDescriptor.<PeerRead, PeerValue>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Read"))
            .setRequestMarshaller(ProtoUtils.marshaller(PeerRead.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(PeerValue.getDefaultInstance()))
            .build();

    private final ClusterLookup lookup;

    PeerReads(ClusterLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public ServerServiceDefinition bindService() {
        return ServerServiceDefinition.builder(SERVICE)
                .addMethod(
                        READ,
                        ServerCalls.asyncUnaryCall(
                                (PeerRead request, io.grpc.stub.StreamObserver<PeerValue> response) -> Unary.respond(
                                        response,
                                        () -> lookup.readOwned(
                                                CallContext.caller().tenant(), request))))
                .build();
    }
}
