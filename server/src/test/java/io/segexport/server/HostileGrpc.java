package io.segexport.server;

import static io.segexport.server.HostileBytes.concat;
import static io.segexport.server.HostileBytes.repeat;
import static io.segexport.server.HostileBytes.varint;
import static io.segexport.server.HostileCases.FIVE_MIB;
import static io.segexport.server.HostileCases.UNKNOWN_DATASET;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Struct;
import com.google.rpc.ErrorInfo;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.segexport.server.HostileCases.Case;
import io.segexport.server.HostileCases.Outcome;
import io.segexport.server.HostileCases.World;
import io.segexport.v1.ApiServices;
import io.segexport.v1.IngestRequest;
import io.segexport.v1.SerializedMessages;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The hostile-input cases of malformed gRPC messages and call shapes, and the plumbing every gRPC family
 * shares: the raw-bytes view of a method, the tenant's metadata, and how a call is made and its end judged.
 */
final class HostileGrpc {
    private HostileGrpc() {}

    private static final Set<Status.Code> CLIENT_ERRORS = Set.of(
            Status.Code.INVALID_ARGUMENT,
            Status.Code.NOT_FOUND,
            Status.Code.OUT_OF_RANGE,
            Status.Code.FAILED_PRECONDITION,
            Status.Code.PERMISSION_DENIED,
            Status.Code.UNAUTHENTICATED,
            Status.Code.RESOURCE_EXHAUSTED,
            Status.Code.ALREADY_EXISTS);

    /** Bytes as they are: no protobuf parsing on the client's side. */
    private static final MethodDescriptor.Marshaller<byte[]> RAW = SerializedMessages.MARSHALLER;

    /** Bytes that are no valid message of the method's request type, and call shapes the method does not take. */
    static void rawMessages(World world, MethodDescriptor<?, ?> method, Descriptor input, List<Case> cases) {
        String name = method.getBareMethodName();
        FieldDescriptor firstString = input.getFields().stream()
                .filter(f -> f.getType() == FieldDescriptor.Type.STRING)
                .findFirst()
                .orElse(null);
        Map<String, byte[]> attacks = new java.util.LinkedHashMap<>();
        attacks.put("garbage bytes", new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F});
        attacks.put("a truncated length-delimited field", new byte[] {0x0A, 0x10, 'a', 'b'});
        attacks.put("a field of wire type 7", new byte[] {0x0F, 0x01});
        attacks.put("field number 0", new byte[] {0x00, 0x01});
        attacks.put("a varint of 11 bytes", concat(new byte[] {0x08}, repeat((byte) 0xFF, 10), new byte[] {0x01}));
        attacks.put("a length of 2 GiB", new byte[] {0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07});
        attacks.put(
                "an unknown group nested 1,000 deep",
                concat(repeat((byte) 0xFB, 1000), new byte[] {0x02}, repeat((byte) 0xFC, 1000)));
        attacks.put("an unclosed group", new byte[] {(byte) 0xFB, 0x01});
        attacks.put("an end-group without a start", new byte[] {(byte) 0xFC, 0x01});
        if (firstString != null) {
            int tag = firstString.getNumber() << 3 | 2;
            attacks.put(
                    "invalid UTF-8 in " + firstString.getJsonName(),
                    concat(varint(tag), new byte[] {3, 'a', (byte) 0xC3, 0x28}));
            attacks.put(
                    "a UTF-8 encoded surrogate in " + firstString.getJsonName(),
                    concat(varint(tag), new byte[] {3, (byte) 0xED, (byte) 0xA0, (byte) 0x80}));
            attacks.put(
                    "a 5 MiB string in " + firstString.getJsonName(),
                    concat(varint(tag), varint(FIVE_MIB), repeat((byte) 'x', FIVE_MIB)));
        }
        Struct deep = deepStruct(60);
        if (input.getFullName().equals(IngestRequest.getDescriptor().getFullName())) {
            attacks.put(
                    "a record nested 60 objects deep",
                    IngestRequest.newBuilder()
                            .setDatasetId(UNKNOWN_DATASET)
                            .addRecords(deep)
                            .build()
                            .toByteArray());
        }
        MethodDescriptor<byte[], byte[]> raw = method.toBuilder(RAW, RAW).build();
        for (Map.Entry<String, byte[]> attack : attacks.entrySet()) {
            cases.add(new Case(
                    "gRPC: malformed messages",
                    name + " " + attack.getKey(),
                    () -> call(world, world.owner(), raw, List.of(attack.getValue()))));
        }
        if (method.getType() == MethodDescriptor.MethodType.UNARY
                || method.getType() == MethodDescriptor.MethodType.SERVER_STREAMING) {
            // grpc-java's transport resets such a stream itself (RST_STREAM CANCEL, CANCELLED: HTTP's 499)
            // before any code of the service's runs: a refusal, though without details.
            cases.add(new Case(
                    "gRPC: call shapes the method does not take",
                    name + " two request messages",
                    () -> resetIsARefusal(call(world, world.owner(), raw, List.of(new byte[0], new byte[0])))));
            cases.add(new Case(
                    "gRPC: call shapes the method does not take",
                    name + " no request message",
                    () -> call(world, world.owner(), raw, List.of())));
        } else {
            byte[] good = IngestRequest.newBuilder()
                    .setDatasetId(UNKNOWN_DATASET)
                    .build()
                    .toByteArray();
            cases.add(new Case(
                    "gRPC: call shapes the method does not take",
                    name + " a garbage message after a good one",
                    () -> call(world, world.owner(), raw, List.of(good, new byte[] {(byte) 0xFF, 0x0F}))));
        }
    }

    private static Struct deepStruct(int depth) {
        Struct struct = Struct.newBuilder()
                .putFields(
                        "leaf",
                        com.google.protobuf.Value.newBuilder().setNumberValue(1).build())
                .build();
        for (int i = 0; i < depth; i++) {
            struct = Struct.newBuilder()
                    .putFields(
                            "a",
                            com.google.protobuf.Value.newBuilder()
                                    .setStructValue(struct)
                                    .build())
                    .build();
        }
        return struct;
    }

    /** The tenant's four headers, but {@code name} with these values instead (or left out, given none). */
    static Metadata metadata(Tenant tenant, String name, String... values) {
        Metadata headers = new Metadata();
        Map<String, String> standard = Map.of(
                "authorization",
                "Bearer " + tenant.token(),
                "x-api-key",
                tenant.apiKey(),
                "x-gw-ims-org-id",
                tenant.orgId(),
                "x-sandbox-name",
                tenant.sandbox());
        standard.forEach((key, value) -> {
            if (!key.equals(name)) {
                headers.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value);
            }
        });
        for (String value : values) {
            headers.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value);
        }
        return headers;
    }

    static MethodDescriptor<byte[], byte[]> rawMethod(String bareName) {
        for (io.grpc.ServiceDescriptor service : ApiServices.all()) {
            for (MethodDescriptor<?, ?> method : service.getMethods()) {
                if (method.getBareMethodName().equals(bareName)) {
                    return method.toBuilder(RAW, RAW).build();
                }
            }
        }
        throw new IllegalArgumentException(bareName);
    }

    static Outcome call(World world, Tenant tenant, MethodDescriptor<byte[], byte[]> method, List<byte[]> messages) {
        return call(world, metadata(tenant, "none"), method, messages);
    }

    /** Makes the call with these messages, whatever its type, and judges how it ended. */
    static Outcome call(World world, Metadata headers, MethodDescriptor<byte[], byte[]> method, List<byte[]> messages) {
        io.grpc.Channel channel = ClientInterceptors.intercept(
                world.grpc().channel, io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers));
        ClientCall<byte[], byte[]> call =
                channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS));
        CompletableFuture<Status> done = new CompletableFuture<>();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        call.start(
                new ClientCall.Listener<>() {
                    @Override
                    public void onMessage(byte[] message) {
                        received.writeBytes(message);
                        call.request(1);
                    }

                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        done.complete(status.withCause(new TrailersHolder(trailers)));
                    }
                },
                new Metadata());
        call.request(1);
        for (byte[] message : messages) {
            call.sendMessage(message);
        }
        call.halfClose();
        Status status;
        try {
            status = done.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            call.cancel("the case timed out", null);
            return new Outcome(0, "HANG", false, true, List.of("no end within 30 s"));
        }
        return judge(status);
    }

    private static Outcome resetIsARefusal(Outcome outcome) {
        return "CANCELLED".equals(outcome.grpcCode()) ? new Outcome(0, "CANCELLED", true, false, List.of()) : outcome;
    }

    /** Carries the trailers of a call's end to the judge. */
    private static final class TrailersHolder extends RuntimeException {
        final transient Metadata trailers;

        TrailersHolder(Metadata trailers) {
            super(null, null, false, false);
            this.trailers = trailers;
        }
    }

    private static Outcome judge(Status status) {
        List<String> problems = new ArrayList<>();
        Status.Code code = status.getCode();
        boolean clientError = CLIENT_ERRORS.contains(code);
        boolean serverError = !clientError && code != Status.Code.OK;
        if (code == Status.Code.OK) {
            problems.add("succeeded");
        } else if (!clientError) {
            problems.add("ended " + code + ": " + status.getDescription());
        } else {
            if (status.getDescription() == null || status.getDescription().isBlank()) {
                problems.add(code + " without a description");
            }
            Metadata trailers = status.getCause() instanceof TrailersHolder holder ? holder.trailers : null;
            com.google.rpc.Status details =
                    trailers == null ? null : StatusProto.fromStatusAndTrailers(status, trailers);
            boolean hasInfo =
                    details != null && details.getDetailsList().stream().anyMatch(any -> any.is(ErrorInfo.class));
            // A message over the transport's size limit is refused before any service code runs, without details.
            if (!hasInfo && code != Status.Code.RESOURCE_EXHAUSTED) {
                problems.add(code + " without a google.rpc.ErrorInfo detail: " + status.getDescription());
            }
        }
        return new Outcome(0, code.name(), clientError, serverError, problems);
    }
}
