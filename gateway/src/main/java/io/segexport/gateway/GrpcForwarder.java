package io.segexport.gateway;

import com.linecorp.armeria.common.HttpHeaders;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.netty.util.AsciiString;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serves a gRPC service by forwarding each call, headers and deadline included, to a channel: an
 * in-process one in the all-in-one server, a network one in the standalone gateway. One code path
 * serves both. The generated descriptor and its message marshallers are kept, so Armeria can still
 * read the HTTP rules and transcode JSON.
 */
public final class GrpcForwarder {
    /** Request headers that belong to the hop, not to the call. */
    private static final Set<String> HOP_HEADERS = Set.of(
            "content-type",
            "te",
            "host",
            "user-agent",
            "content-length",
            "accept-encoding",
            "connection",
            "keep-alive",
            "transfer-encoding",
            "upgrade",
            "http2-settings");

    private GrpcForwarder() {}

    public static ServerServiceDefinition forward(ServiceDescriptor service, Channel backend) {
        ServerServiceDefinition.Builder definition = ServerServiceDefinition.builder(service);
        for (MethodDescriptor<?, ?> method : service.getMethods()) {
            addMethod(definition, method, backend);
        }
        return definition.build();
    }

    private static <Q, R> void addMethod(
            ServerServiceDefinition.Builder definition, MethodDescriptor<Q, R> method, Channel backend) {
        definition.addMethod(method, new ForwardingHandler<>(method, backend));
    }

    private record ForwardingHandler<Q, R>(MethodDescriptor<Q, R> method, Channel backend)
            implements ServerCallHandler<Q, R> {
        @Override
        public ServerCall.Listener<Q> startCall(ServerCall<Q, R> serverCall, Metadata headers) {
            CallOptions options = CallOptions.DEFAULT;
            Deadline deadline = Context.current().getDeadline();
            if (deadline != null) {
                options = options.withDeadline(deadline);
            }
            ClientCall<Q, R> clientCall = backend.newCall(method, options);
            // Asks the backend for its next message only once the caller can take more, so a streamed
            // response (a file) passes through a message at a time instead of piling up here.
            AtomicBoolean wantsMore = new AtomicBoolean();
            Runnable requestIfReady = () -> {
                if (serverCall.isReady() && wantsMore.compareAndSet(true, false)) {
                    clientCall.request(1);
                }
            };
            clientCall.start(
                    new ClientCall.Listener<>() {
                        @Override
                        public void onHeaders(Metadata responseHeaders) {
                            serverCall.sendHeaders(copy(responseHeaders, false));
                        }

                        @Override
                        public void onMessage(R message) {
                            serverCall.sendMessage(message);
                            wantsMore.set(true);
                            requestIfReady.run();
                        }

                        @Override
                        public void onClose(Status status, Metadata trailers) {
                            serverCall.close(status, copy(trailers, true));
                        }
                    },
                    copy(headers, false));
            clientCall.request(1);
            serverCall.request(1);
            return new ServerCall.Listener<>() {
                @Override
                public void onMessage(Q message) {
                    clientCall.sendMessage(message);
                    serverCall.request(1);
                }

                @Override
                public void onHalfClose() {
                    clientCall.halfClose();
                }

                @Override
                public void onReady() {
                    requestIfReady.run();
                }

                @Override
                public void onCancel() {
                    clientCall.cancel("the caller cancelled", null);
                }
            };
        }
    }

    /**
     * The metadata a call forwarded for this HTTP request carries: its headers less the hop and
     * framing headers, as {@link #forward} passes them on (the auth headers, {@code x-request-id}, ...).
     * For gateway services that call the backend themselves. Headers that cannot be metadata (a name
     * outside gRPC's alphabet, a {@code -bin} value that is not base64) are left out.
     */
    public static Metadata callMetadata(HttpHeaders headers) {
        Metadata to = new Metadata();
        for (AsciiString name : headers.names()) {
            String key = name.toString();
            if (!isCallHeader(key, false)) {
                continue;
            }
            try {
                if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                    Metadata.Key<byte[]> binary = Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER);
                    headers.getAll(name)
                            .forEach(value -> to.put(binary, Base64.getDecoder().decode(value)));
                } else {
                    Metadata.Key<String> ascii = Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER);
                    headers.getAll(name).forEach(value -> to.put(ascii, value));
                }
            } catch (IllegalArgumentException e) {
                // Not expressible as metadata; the backend never needs such a header.
            }
        }
        return to;
    }

    /** Copies call metadata, leaving out hop headers and the gRPC framing headers (but not status details). */
    private static Metadata copy(Metadata from, boolean keepStatusDetails) {
        Metadata to = new Metadata();
        for (String name : from.keys()) {
            if (!isCallHeader(name, keepStatusDetails)) {
                continue;
            }
            if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                Metadata.Key<byte[]> key = Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER);
                from.getAll(key).forEach(value -> to.put(key, value));
            } else {
                Metadata.Key<String> key = Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
                from.getAll(key).forEach(value -> to.put(key, value));
            }
        }
        return to;
    }

    /** Whether a header belongs to the call rather than to the hop or to gRPC's framing. */
    private static boolean isCallHeader(String name, boolean keepStatusDetails) {
        return !(name.startsWith(":")
                || HOP_HEADERS.contains(name)
                || (name.startsWith("grpc-") && !(keepStatusDetails && name.equals("grpc-status-details-bin"))));
    }
}
