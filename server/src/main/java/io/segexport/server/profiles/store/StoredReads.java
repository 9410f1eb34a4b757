package io.segexport.server.profiles.store;

import io.segexport.server.profiles.stored.IdentityKey;
import io.segexport.server.store.Database;
import io.segexport.server.store.StoredValues;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What a {@link ChunkWriter} reads of its {@link ProfileState}: identity links (parsed once, as each record
 * reads its links twice) and stored profiles (as their bytes), by key, null for none. Keys read ahead are read together, in one multiGet a family, as
 * a chunk's thousand point reads one by one cost more than the reading itself; a key not read ahead
 * is read when asked. Under the writer lock nothing written changes, so a value read stays true for
 * the writer's life, which is one group's: what it holds is bounded by the group's records.
 */
final class StoredReads {
    private final Family<IdentityKey> links;
    private final Family<byte[]> profiles;

    StoredReads(ProfileState state, byte[] tenant) {
        this.links = new Family<>(
                state,
                Database.Family.IDENTITIES,
                key -> ProfileKeys.identity(tenant, key),
                value -> StoredValues.parse(IdentityKey.parser(), value, "identity link"));
        this.profiles =
                new Family<>(state, Database.Family.PROFILES, key -> ProfileKeys.profile(tenant, key), value -> value);
    }

    /** The profile that identity is stored as linked to, null if it has none. */
    IdentityKey link(IdentityKey identity) {
        return links.read(identity);
    }

    /** The stored profile of that key (StoredProfileView bytes), null if there is none. */
    byte[] profile(IdentityKey key) {
        return profiles.read(key);
    }

    /** Reads the links of these identities together, but those already read. */
    void readLinks(Collection<IdentityKey> identities) {
        links.readAhead(identities);
    }

    /** Reads the profiles of these keys together, but those already read. */
    void readProfiles(Collection<IdentityKey> keys) {
        profiles.readAhead(keys);
    }

    /**
     * The values read of one column family, by the identity their key is made of, each parsed once as
     * it is read (null for none).
     */
    private static final class Family<T> {
        private final ProfileState state;
        private final Database.Family family;
        private final Function<IdentityKey, byte[]> storeKey;
        private final Function<byte[], T> parse;
        private final Map<IdentityKey, T> read = new HashMap<>();

        Family(
                ProfileState state,
                Database.Family family,
                Function<IdentityKey, byte[]> storeKey,
                Function<byte[], T> parse) {
            this.state = state;
            this.family = family;
            this.storeKey = storeKey;
            this.parse = parse;
        }

        T read(IdentityKey key) {
            if (read.containsKey(key)) {
                return read.get(key);
            }
            T value =
                    parse.apply(state.read(family, List.of(storeKey.apply(key))).get(0));
            read.put(key, value);
            return value;
        }

        void readAhead(Collection<IdentityKey> keys) {
            Set<IdentityKey> unread = new LinkedHashSet<>();
            List<byte[]> storeKeys = new ArrayList<>();
            for (IdentityKey key : keys) {
                if (!read.containsKey(key) && unread.add(key)) {
                    storeKeys.add(storeKey.apply(key));
                }
            }
            if (unread.isEmpty()) {
                return;
            }
            List<byte[]> values = state.read(family, storeKeys);
            int i = 0;
            for (IdentityKey key : unread) {
                read.put(key, parse.apply(values.get(i++)));
            }
        }
    }
}
