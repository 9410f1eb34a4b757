package io.segexport.server.cluster;

import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.segexport.server.cluster.stored.PeerRead;
import io.segexport.server.cluster.stored.PeerValue;
import io.segexport.server.rpc.CallContext;
import io.segexport.server.rpc.ServiceErrors;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The channels to the cluster's other nodes' gRPC ports, one per node, opened on first use: in
 * plain text, or with TLS trusting the certificates in this node's own certificate file (each node's
 * file holds its chain up to the authority they share). Each call carries the current caller's
 * credentials.
 */
final class PeerChannels implements AutoCloseable {
    private static final long CALL_SECONDS = 10;

    private final Map<HostInfo, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final SslContext tls;

    /** {@code tls}: null for plain text. */
    PeerChannels(SslContext tls) {
        this.tls = tls;
    }

    /**
     * Reads a key of a partition that node {@code host} owns, as the current caller. A node that
     * cannot be reached is UNAVAILABLE naming it and the first cause (a refused connection, a
     * certificate not trusted), not the transport's multi-line "io exception".
     */
    PeerValue read(HostInfo host, PeerRead request) {
        try {
            return ClientCalls.blockingUnaryCall(
                    ClientInterceptors.intercept(
                            channels.computeIfAbsent(host, this::open),
                            MetadataUtils.newAttachHeadersInterceptor(CallContext.credentials())),
                    PeerReads.READ,
                    CallOptions.DEFAULT.withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS),
                    request);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || e.getCause() == null) {
                throw e;
            }
            throw ServiceErrors.unavailable(
                    "could not reach the node at " + host.host() + ":" + host.port() + ": " + rootCause(e));
        }
    }

    private static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private ManagedChannel open(HostInfo host) {
        NettyChannelBuilder channel = NettyChannelBuilder.forAddress(host.host(), host.port());
        return tls == null
                ? channel.usePlaintext().build()
                : channel.sslContext(tls).build();
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
    }
}
