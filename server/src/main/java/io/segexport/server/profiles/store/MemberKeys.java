package io.segexport.server.profiles.store;

import io.segexport.server.profiles.memberships.SegmentStatus;
import io.segexport.server.profiles.stored.Membership;
import io.segexport.server.store.StoredValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The keys of the profiles that have an accepted membership in any of some segment statuses, read
 * from the index of memberships: each range is already in profile key order, so their merge is too,
 * and a profile in several ranges comes once. The index is read through {@link IndexCursor}s: the
 * embedded database's iterators, or a partition's store in cluster mode. Close it before what its
 * cursors read.
 */
public final class MemberKeys implements AutoCloseable {
    private final byte[] tenant;
    private final Predicate<Membership> accepts;
    private final List<Range> ranges = new ArrayList<>();
    private final PriorityQueue<Range> byProfile =
            new PriorityQueue<>(Comparator.comparing(Range::profile, Arrays::compareUnsigned));

    /** {@code index} opens a cursor on the entries of the index that start with a prefix. */
    public MemberKeys(
            Function<byte[], IndexCursor> index,
            byte[] tenant,
            List<SegmentStatus> statuses,
            Predicate<Membership> accepts) {
        this.tenant = tenant;
        this.accepts = accepts;
        for (SegmentStatus status : statuses) {
            byte[] prefix = MembershipIndex.prefix(tenant, status);
            Range range = new Range(index.apply(prefix), prefix);
            ranges.add(range);
            if (advance(range)) {
                byProfile.add(range);
            }
        }
    }

    /** The next profile's key, or null after the last. */
    public byte[] next() {
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

    /** How many keys are left, reading them all. */
    public long count() {
        long count = 0;
        while (next() != null) {
            count++;
        }
        return count;
    }

    private void requeue(Range range) {
        range.it.next();
        if (advance(range)) {
            byProfile.add(range);
        }
    }

    /** Moves the range to its next accepted entry; false at its end. */
    private boolean advance(Range range) {
        for (IndexCursor it = range.it; it.isValid(); it.next()) {
            byte[] key = it.key();
            if (accepts == ProfileSource.ANY_MEMBERSHIP
                    || accepts.test(StoredValues.parse(Membership.parser(), it.value(), "membership"))) {
                range.profile = Arrays.copyOfRange(key, range.prefix.length, key.length);
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        ranges.forEach(range -> range.it.close());
    }

    /** One segment status's entries; {@code profile} is the current one's profile key after the tenant. */
    private static final class Range {
        final IndexCursor it;
        final byte[] prefix;
        byte[] profile;

        Range(IndexCursor it, byte[] prefix) {
            this.it = it;
            this.prefix = prefix;
        }

        byte[] profile() {
            return profile;
        }
    }
}
