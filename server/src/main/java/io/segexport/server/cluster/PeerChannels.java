package io.segexport.server.cluster;

import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.segexport.server.cluster.stored.PeerRead;
import io.segexport.server.cluster.stored.PeerValue;
import io.segexport.server.rpc.CallContext;
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

    /** Reads a key of a partition that node {@code host} owns, as the current caller. */
    PeerValue read(HostInfo host, PeerRead request) {
        return ClientCalls.blockingUnaryCall(
                ClientInterceptors.intercept(
                        channels.computeIfAbsent(host, this::open),
                        MetadataUtils.newAttachHeadersInterceptor(CallContext.credentials())),
                PeerReads.READ,
                CallOptions.DEFAULT.withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS),
                request);
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
