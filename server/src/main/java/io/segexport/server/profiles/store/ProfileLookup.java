package io.segexport.server.profiles.store;

import io.segexport.server.profiles.stored.IdentityKey;
import io.segexport.server.profiles.stored.StoredProfile;
import io.segexport.server.store.Tenant;
import java.util.Optional;

/** Where a profile is found by one of its identities: the embedded store, or the cluster's partitions. */
public interface ProfileLookup {
    /** The tenant's profile linked to that identity, as it stands now. */
    Optional<StoredProfile> findByIdentity(Tenant tenant, IdentityKey identity);
}
