package io.segexport.server.profiles.merge;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.segexport.server.mergepolicies.AttributeMerges;
import io.segexport.server.profiles.stored.Fragment;
import io.segexport.server.profiles.stored.Membership;
import io.segexport.server.profiles.stored.SegmentMemberships;
import io.segexport.server.profiles.stored.StoredIdentity;
import io.segexport.server.profiles.stored.StoredProfile;
import io.segexport.v1.MergePolicy;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges a profile's fragments (one per dataset) into one XDM object under a merge policy. The
 * fragments are put in precedence order, then for every leaf attribute the first fragment that has
 * it wins: objects merge attribute by attribute, recursively; anything else (arrays included) is a
 * leaf, taken whole. A JSON null does not count as having the attribute.
 * <ul>
 *   <li>timestampOrdered: newest fragment first (by record time, then ingest time).
 *   <li>dataSetPrecedence: the policy's datasets in its order, then the unlisted ones newest first.
 * </ul>
 * The result also holds the profile's identityMap (every identity linked to it) and, when it has
 * any, its segmentMembership; the ingestion keeps both on the profile, not in fragments.
 */
public final class ProfileMerger {
    private static final Comparator<Fragment> NEWEST_FIRST = Comparator.comparingLong(Fragment::getTime)
            .thenComparingLong(Fragment::getIngestTime)
            .reversed()
            .thenComparing(Fragment::getDatasetId);

    private ProfileMerger() {}

    public static Struct merge(StoredProfile profile, MergePolicy policy) {
        Struct.Builder merged = mergedAttributes(profile, policy);
        merged.putFields("identityMap", identityMap(profile));
        if (profile.getSegmentMembershipCount() > 0) {
            merged.putFields("segmentMembership", segmentMembership(profile));
        }
        return merged.build();
    }

    /** The merged attributes alone, without identityMap and segmentMembership. */
    public static Struct attributes(StoredProfile profile, MergePolicy policy) {
        return mergedAttributes(profile, policy).build();
    }

    private static Struct.Builder mergedAttributes(StoredProfile profile, MergePolicy policy) {
        Struct.Builder merged = Struct.newBuilder();
        for (Fragment fragment : inPrecedenceOrder(profile.getFragmentsList(), policy)) {
            fillMissing(merged, fragment.getAttributes());
        }
        return merged;
    }

    /** The fragments, the one that wins first. */
    private static List<Fragment> inPrecedenceOrder(List<Fragment> fragments, MergePolicy policy) {
        if (!policy.getAttributeMerge().getType().equals(AttributeMerges.DATASET_PRECEDENCE)) {
            return fragments.stream().sorted(NEWEST_FIRST).toList();
        }
        Map<String, Integer> rank = new HashMap<>();
        List<String> order = policy.getAttributeMerge().getOrderList();
        for (int i = 0; i < order.size(); i++) {
            rank.putIfAbsent(order.get(i), i);
        }
        Comparator<Fragment> listedFirst =
                Comparator.comparingInt(f -> rank.getOrDefault(f.getDatasetId(), Integer.MAX_VALUE));
        return fragments.stream()
                .sorted(listedFirst.thenComparing(NEWEST_FIRST))
                .toList();
    }

    /**
     * Adds to {@code merged} every attribute of {@code fragment} that it lacks, recursing into objects
     * that are objects on both sides. What {@code merged} holds already came from a fragment that wins.
     */
    private static void fillMissing(Struct.Builder merged, Struct fragment) {
        for (Map.Entry<String, Value> attribute : fragment.getFieldsMap().entrySet()) {
            Value value = attribute.getValue();
            Value known = merged.getFieldsOrDefault(attribute.getKey(), null);
            if (value.hasNullValue() || (known != null && !(known.hasStructValue() && value.hasStructValue()))) {
                continue;
            }
            if (value.hasStructValue()) {
                Struct.Builder nested = known == null ? Struct.newBuilder() : known.getStructValue().toBuilder();
                fillMissing(nested, value.getStructValue());
                value = Value.newBuilder().setStructValue(nested).build();
            }
            merged.putFields(attribute.getKey(), value);
        }
    }

    /** namespace → [{"id", "authenticatedState", "primary"}], "primary" true for the identity the profile is keyed by. */
    private static Value identityMap(StoredProfile profile) {
        Map<String, ListValue.Builder> byNamespace = new LinkedHashMap<>();
        for (StoredIdentity identity : profile.getIdentitiesList()) {
            boolean primary =
                    identity.getNamespace().equals(profile.getPrimary().getNamespace())
                            && identity.getId().equals(profile.getPrimary().getId());
            Struct entry = Struct.newBuilder()
                    .putFields("id", text(identity.getId()))
                    .putFields("authenticatedState", text(identity.getAuthenticatedState()))
                    .putFields(
                            "primary", Value.newBuilder().setBoolValue(primary).build())
                    .build();
            byNamespace
                    .computeIfAbsent(identity.getNamespace(), ns -> ListValue.newBuilder())
                    .addValues(Value.newBuilder().setStructValue(entry));
        }
        Struct.Builder identityMap = Struct.newBuilder();
        byNamespace.forEach((ns, identities) -> identityMap.putFields(
                ns, Value.newBuilder().setListValue(identities).build()));
        return Value.newBuilder().setStructValue(identityMap).build();
    }

    /** namespace → segment id → {"status", "lastQualificationTime", "version" when known}. */
    private static Value segmentMembership(StoredProfile profile) {
        Struct.Builder namespaces = Struct.newBuilder();
        for (Map.Entry<String, SegmentMemberships> namespace :
                profile.getSegmentMembershipMap().entrySet()) {
            Struct.Builder segments = Struct.newBuilder();
            for (Map.Entry<String, Membership> segment :
                    namespace.getValue().getSegmentsMap().entrySet()) {
                Membership membership = segment.getValue();
                Struct.Builder fields = Struct.newBuilder()
                        .putFields("status", text(membership.getStatus()))
                        .putFields("lastQualificationTime", text(membership.getLastQualificationTime()));
                if (membership.hasVersion()) {
                    fields.putFields(
                            "version",
                            Value.newBuilder()
                                    .setNumberValue(membership.getVersion())
                                    .build());
                }
                segments.putFields(
                        segment.getKey(),
                        Value.newBuilder().setStructValue(fields).build());
            }
            namespaces.putFields(
                    namespace.getKey(),
                    Value.newBuilder().setStructValue(segments).build());
        }
        return Value.newBuilder().setStructValue(namespaces).build();
    }

    private static Value text(String value) {
        return Value.newBuilder().setStringValue(value).build();
    }
}
