package io.segexport.server.profiles.store;

import io.segexport.server.profiles.memberships.SegmentStatus;
import io.segexport.server.profiles.stored.Membership;
import io.segexport.server.store.Keys;
import io.segexport.server.store.StoreException;
import io.segexport.server.store.StoredValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;

/**
 * The keys of the profiles that have an accepted membership in any of some segment statuses, read
 * from the index of memberships: each range is already in profile key order, so their merge is too,
 * and a profile in several ranges comes once. Close it before the snapshot of {@code read}.
 */
final class MemberKeys implements AutoCloseable {
    private final byte[] tenant;
    private final Predicate<Membership> accepts;
    private final List<Range> ranges = new ArrayList<>();
    private final PriorityQueue<Range> byProfile =
            new PriorityQueue<>(Comparator.comparing(Range::profile, Arrays::compareUnsigned));

    MemberKeys(
            ProfileFamilies families,
            ReadOptions read,
            byte[] tenant,
            List<SegmentStatus> statuses,
            Predicate<Membership> accepts) {
        this.tenant = tenant;
        this.accepts = accepts;
        for (SegmentStatus status : statuses) {
            Range range = new Range(
                    families.db().newIterator(families.memberships(), read), MembershipIndex.prefix(tenant, status));
            ranges.add(range);
            if (advance(range)) {
                byProfile.add(range);
            }
        }
    }

    /** The next profile's key, or null after the last. */
    byte[] next() {
        Range first = byProfile.poll();
        if (first == null) {
            return null;
        }
        byte[] profile = first.profile;
        requeue(first);
        while (!byProfile.isEmpty() && Arrays.equals(byProfile.peek().profile, profile)) {
            requeue(byProfile.poll());
        }
        byte[] key = Arrays.copyOf(tenant, tenant.length + profile.length);
        System.arraycopy(profile, 0, key, tenant.length, profile.length);
        return key;
    }

    private void requeue(Range range) {
        range.it.next();
        if (advance(range)) {
            byProfile.add(range);
        }
    }

    /** Moves the range to its next accepted entry; false at its end. */
    private boolean advance(Range range) {
        for (RocksIterator it = range.it; it.isValid(); it.next()) {
            byte[] key = it.key();
            if (!Keys.startsWith(key, range.prefix)) {
                return false;
            }
            if (accepts == ProfileSnapshot.ANY_MEMBERSHIP
                    || accepts.test(StoredValues.parse(Membership.parser(), it.value(), "membership"))) {
                range.profile = Arrays.copyOfRange(key, range.prefix.length, key.length);
                return true;
            }
        }
        StoreException.checkScan(range.it, "could not read the index of memberships");
        return false;
    }

    @Override
    public void close() {
        ranges.forEach(range -> range.it.close());
    }

    /** One segment status's entries; {@code profile} is the current one's profile key after the tenant. */
    private static final class Range {
        final RocksIterator it;
        final byte[] prefix;
        byte[] profile;

        Range(RocksIterator it, byte[] prefix) {
            this.it = it;
            this.prefix = prefix;
            it.seek(prefix);
        }

        byte[] profile() {
            return profile;
        }
    }
}
