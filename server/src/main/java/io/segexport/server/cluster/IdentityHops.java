package io.segexport.server.cluster;

import io.segexport.server.cluster.stored.Route;
import io.segexport.server.cluster.stored.RoutedRecordHeader;
import io.segexport.server.cluster.stored.SeenLink;
import io.segexport.server.profiles.store.ProfileKeys;
import io.segexport.server.profiles.store.ProfileState;
import io.segexport.server.profiles.store.RecordIdentities;
import io.segexport.server.profiles.stored.IdentityKey;
import io.segexport.server.store.Database.Family;
import io.segexport.server.store.StoredValues;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The identity side of ingestion, in the partition of each identity a record names: the rule of the
 * embedded store, one identity at a time. RESOLVE asks the record's identities in order, primary
 * first, and the first that is linked chooses the profile (none: a new profile keyed by the
 * primary). LINK then links each identity that is still unlinked to that profile, and records what
 * each was linked to before. It starts at the identity RESOLVE ended at, which is in this partition,
 * and goes round: a record of two identities in two partitions hops twice, not three times. The
 * record then goes to its profile's partition. A hop to another identity's partition goes through
 * the hops topic; one in this partition's own key is taken at once.
 *
 * <p>Between RESOLVE and LINK another record may link one of the same identities: it stays with that
 * other profile (no stitching), in the order Kafka gave the records.
 */
final class IdentityHops implements Processor<Bytes, byte[], Bytes, byte[]> {
    private ProcessorContext<Bytes, byte[]> context;
    private ProfileState links;

    @Override
    public void init(ProcessorContext<Bytes, byte[]> context) {
        this.context = context;
        this.links = new StoreState(context, List.of(Family.IDENTITIES));
    }

    @Override
    public void process(Record<Bytes, byte[]> in) {
        RoutedRecordHeader record = StoredValues.parse(RoutedRecordHeader.parser(), in.value(), "routed record");
        byte[] here = in.key().get();
        Route.Builder route = record.getRoute().toBuilder();
        while (route.getStage() != Route.Stage.MERGE) {
            byte[] asked = identityKey(record, route.getAt());
            if (!Arrays.equals(asked, here)) {
                forward(in, asked, record, route, ClusterTopology.TO_HOPS);
                return;
            }
            IdentityKey linked = linkOf(asked);
            if (route.getStage() == Route.Stage.RESOLVE) {
                resolve(record, route, linked);
            } else {
                link(asked, route, linked, record.getIdentitiesCount());
                if (route.getLinked() == record.getIdentitiesCount()) {
                    route.setStage(Route.Stage.MERGE);
                }
            }
        }
        forward(
                in,
                ProfileKeys.profile(record.getTenant().toByteArray(), route.getProfile()),
                record,
                route,
                ClusterTopology.TO_PROFILES);
    }

    private static void resolve(RoutedRecordHeader record, Route.Builder route, IdentityKey linked) {
        if (linked == null && route.getAt() + 1 < record.getIdentitiesCount()) {
            route.setAt(route.getAt() + 1);
            return;
        }
        IdentityKey profile = linked != null ? linked : RecordIdentities.keyOf(record.getIdentities(0));
        route.setStage(Route.Stage.LINK).setProfile(profile).setLinked(0);
        for (int i = 0; i < record.getIdentitiesCount(); i++) {
            route.addLinks(SeenLink.getDefaultInstance());
        }
    }

    private void link(byte[] identity, Route.Builder route, IdentityKey linked, int identities) {
        if (linked == null) {
            links.put(Family.IDENTITIES, identity, route.getProfile().toByteArray());
        } else {
            route.setLinks(route.getAt(), SeenLink.newBuilder().setProfile(linked));
        }
        route.setAt((route.getAt() + 1) % identities).setLinked(route.getLinked() + 1);
    }

    /** What {@code identity} is linked to in this partition; null if nothing yet. */
    private IdentityKey linkOf(byte[] identity) {
        return StoredValues.parse(
                IdentityKey.parser(),
                links.read(Family.IDENTITIES, List.of(identity)).get(0),
                "identity link");
    }

    private static byte[] identityKey(RoutedRecordHeader record, int at) {
        return ProfileKeys.identity(record.getTenant().toByteArray(), RecordIdentities.keyOf(record.getIdentities(at)));
    }

    private void forward(
            Record<Bytes, byte[]> in, byte[] key, RoutedRecordHeader record, Route.Builder route, String sink) {
        context.forward(
                in.withKey(Bytes.wrap(key))
                        .withValue(record.toBuilder().setRoute(route).build().toByteArray()),
                sink);
    }
}
