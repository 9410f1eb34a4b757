package io.segexport.server.profiles.store;

import io.segexport.server.profiles.stored.IdentityKey;
import io.segexport.server.profiles.stored.StoredIdentity;
import java.util.List;

/**
 * The identities of one record, checked: each once, the primary one first, then the others in the
 * order of the record's identityMap.
 */
public record RecordIdentities(List<StoredIdentity> all) {
    IdentityKey primary() {
        return keyOf(all.get(0));
    }

    public static IdentityKey keyOf(StoredIdentity identity) {
        return IdentityKey.newBuilder()
                .setNamespace(identity.getNamespace())
                .setId(identity.getId())
                .build();
    }
}
