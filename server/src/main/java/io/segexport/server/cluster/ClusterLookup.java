package io.segexport.server.cluster;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.segexport.server.cluster.stored.PeerRead;
import io.segexport.server.cluster.stored.PeerValue;
import io.segexport.server.profiles.store.ProfileKeys;
import io.segexport.server.profiles.store.ProfileLookup;
import io.segexport.server.profiles.stored.IdentityKey;
import io.segexport.server.profiles.stored.StoredProfile;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.store.Database.Family;
import io.segexport.server.store.Keys;
import io.segexport.server.store.StoredValues;
import io.segexport.server.store.Tenant;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * Profile lookups across a cluster (interactive queries): an identity's link is read in the
 * identity's partition, then the profile in its own, each from the node that owns that partition
 * now: this one's store, or another node's through {@link PeerReads}. While the partitions move
 * (a node joined or was lost), a read tries again until {@link #WAIT} has passed, then answers
 * UNAVAILABLE. A lookup sees a record once the topology has merged it, which follows its
 * acknowledgement by moments, not at once as on one node.
 */
final class ClusterLookup implements ProfileLookup {
    static final Duration WAIT = ClusterRecords.WAIT;
    private static final long RETRY_MILLIS = 200;

    private final KafkaStreams streams;
    private final HostInfo self;
    private final PeerChannels peers;

    ClusterLookup(KafkaStreams streams, HostInfo self, PeerChannels peers) {
        this.streams = streams;
        this.self = self;
        this.peers = peers;
    }

    @Override
    public Optional<StoredProfile> findByIdentity(Tenant tenant, IdentityKey identity) {
        Optional<IdentityKey> profile = read(tenant, PeerRead.Store.LINK, identity)
                .map(link -> StoredValues.parse(IdentityKey.parser(), link.toByteArray(), "identity link"));
        return profile.flatMap(key -> read(tenant, PeerRead.Store.PROFILE, key))
                .map(stored -> StoredValues.parse(StoredProfile.parser(), stored.toByteArray(), "profile"));
    }

    /** The value under the key in the partition that holds it, wherever that partition is active now. */
    private Optional<ByteString> read(Tenant tenant, PeerRead.Store store, IdentityKey key) {
        PeerRead request = PeerRead.newBuilder().setStore(store).setKey(key).build();
        byte[] storeKey = keyOf(tenant, request);
        long deadline = System.nanoTime() + WAIT.toNanos();
        StatusRuntimeException unanswered = null;
        while (true) {
            KeyQueryMetadata owner = owner(store, storeKey);
            try {
                if (owner != null && self.equals(owner.activeHost())) {
                    return value(readHere(store, storeKey, owner.partition()));
                }
                if (owner != null && !KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
                    return value(peers.read(owner.activeHost(), request));
                }
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || System.nanoTime() > deadline) {
                    throw e;
                }
                unanswered = e;
            }
            if (System.nanoTime() > deadline) {
                throw ServiceErrors.unavailable("the profile's partitions are moving between the cluster's nodes and"
                        + " none answered within " + WAIT.toSeconds() + " s; try again"
                        + (unanswered == null
                                ? ""
                                : " (last: " + unanswered.getStatus().getDescription() + ")"));
            }
            sleep();
        }
    }

    /**
     * Reads the key from this node's active store of its partition, for this node's lookups and for
     * another's ({@link PeerReads}); UNAVAILABLE when the partition is not active here (any more).
     */
    PeerValue readOwned(Tenant tenant, PeerRead request) {
        byte[] key = keyOf(tenant, request);
        KeyQueryMetadata owner = owner(request.getStore(), key);
        if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
            throw ServiceErrors.unavailable("the cluster's partitions are being assigned");
        }
        return readHere(request.getStore(), key, owner.partition());
    }

    /** Where the key's partition is active now, as Kafka Streams knows it. */
    private KeyQueryMetadata owner(PeerRead.Store store, byte[] key) {
        return streams.queryMetadataForKey(
                storeName(store), Bytes.wrap(key), Serdes.Bytes().serializer());
    }

    /** Reads the key from this node's active store of {@code partition}; UNAVAILABLE when it is not active here. */
    private PeerValue readHere(PeerRead.Store store, byte[] key, int partition) {
        try {
            byte[] value = streams.store(StoreQueryParameters.fromNameAndType(
                                    storeName(store), QueryableStoreTypes.<Bytes, byte[]>keyValueStore())
                            .withPartition(partition))
                    .get(Bytes.wrap(key));
            PeerValue.Builder answer = PeerValue.newBuilder();
            if (value != null) {
                answer.setValue(ByteString.copyFrom(value));
            }
            return answer.build();
        } catch (InvalidStateStoreException e) {
            throw ServiceErrors.unavailable("this node does not own partition " + partition + " now");
        }
    }

    private static byte[] keyOf(Tenant tenant, PeerRead request) {
        byte[] prefix = Keys.tenant(tenant);
        return request.getStore() == PeerRead.Store.LINK
                ? ProfileKeys.identity(prefix, request.getKey())
                : ProfileKeys.profile(prefix, request.getKey());
    }

    private static String storeName(PeerRead.Store store) {
        return StoreState.storeName(store == PeerRead.Store.LINK ? Family.IDENTITIES : Family.PROFILES);
    }

    private static Optional<ByteString> value(PeerValue value) {
        return value.hasValue() ? Optional.of(value.getValue()) : Optional.empty();
    }

    private static void sleep() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ServiceErrors.unavailable("the lookup was interrupted");
        }
    }
}
