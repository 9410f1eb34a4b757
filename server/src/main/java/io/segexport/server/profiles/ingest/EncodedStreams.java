package io.segexport.server.profiles.ingest;

import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.segexport.server.profiles.stored.IngestRequestView;
import io.segexport.server.rpc.CallContext;
import io.segexport.server.store.Tenant;
import io.segexport.v1.IngestRequest;
import io.segexport.v1.IngestResponse;
import io.segexport.v1.ProfileServiceGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Binds the streaming ingest methods (StreamProfiles, StreamEvents) to take their messages as
 * IngestRequestView, the same bytes with each record left encoded, so that ingestion walks each
 * record once instead of grpc-java building it as objects first. The unary methods keep the generated
 * binding: the REST gateway transcodes JSON into their requests by the contract's message types.
 */
public final class EncodedStreams {
    /** Ingests one message of a tenant's stream, as {@link Ingestion#profiles} does. */
    interface TenantChunk {
        void ingest(Tenant tenant, IngestRequestView request, long offset, IngestTotals totals);
    }

    private EncodedStreams() {}

    public static ServerServiceDefinition bind(ServerServiceDefinition generated, Ingestion ingestion) {
        Map<String, TenantChunk> streams = Map.of(
                ProfileServiceGrpc.getStreamProfilesMethod().getFullMethodName(), ingestion::profiles,
                ProfileServiceGrpc.getStreamEventsMethod().getFullMethodName(), ingestion::events);
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> method : generated.getMethods()) {
            TenantChunk stream = streams.get(method.getMethodDescriptor().getFullMethodName());
            methods.add(stream == null ? method : encoded(method, stream));
        }
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(
                        generated.getServiceDescriptor().getName())
                .setSchemaDescriptor(generated.getServiceDescriptor().getSchemaDescriptor());
        methods.forEach(method -> descriptor.addMethod(method.getMethodDescriptor()));
        ServerServiceDefinition.Builder bound = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(bound::addMethod);
        return bound.build();
    }

    @SuppressWarnings("unchecked")
    private static ServerMethodDefinition<IngestRequestView, IngestResponse> encoded(
            ServerMethodDefinition<?, ?> method, TenantChunk stream) {
        MethodDescriptor<IngestRequest, IngestResponse> generated =
                (MethodDescriptor<IngestRequest, IngestResponse>) method.getMethodDescriptor();
        MethodDescriptor<IngestRequestView, IngestResponse> encoded = generated.toBuilder(
                        ProtoUtils.marshaller(IngestRequestView.getDefaultInstance()),
                        generated.getResponseMarshaller())
                .build();
        return ServerMethodDefinition.create(encoded, ServerCalls.asyncClientStreamingCall(response -> {
            Tenant tenant = CallContext.caller().tenant();
            return new IngestStream(
                    response,
                    generated.getFullMethodName(),
                    (request, offset, totals) -> stream.ingest(tenant, request, offset, totals));
        }));
    }
}
