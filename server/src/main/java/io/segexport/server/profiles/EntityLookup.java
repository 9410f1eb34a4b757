package io.segexport.server.profiles;

import io.segexport.server.mergepolicies.BuiltInPolicy;
import io.segexport.server.mergepolicies.MergePolicyStore;
import io.segexport.server.profiles.merge.ProfileMerger;
import io.segexport.server.profiles.store.ProfileLookup;
import io.segexport.server.profiles.stored.IdentityKey;
import io.segexport.server.profiles.stored.StoredProfile;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.store.Tenant;
import io.segexport.server.validation.Ids;
import io.segexport.server.validation.Texts;
import io.segexport.v1.Entity;
import io.segexport.v1.GetEntitiesRequest;
import io.segexport.v1.GetEntitiesResponse;
import io.segexport.v1.MergePolicy;
import io.segexport.v1.MergePolicyRef;
import java.time.Instant;

/** Looks up the profile that has an identity and merges it under the asked (or built-in) merge policy. */
final class EntityLookup {
    private final ProfileLookup profiles;
    private final MergePolicyStore mergePolicies;

    EntityLookup(ProfileLookup profiles, MergePolicyStore mergePolicies) {
        this.profiles = profiles;
        this.mergePolicies = mergePolicies;
    }

    GetEntitiesResponse lookUp(Tenant tenant, GetEntitiesRequest request) {
        String id = Ids.checkSafe("entityId", request.getEntityId());
        String namespace = Ids.checkSafe("entityIdNS", request.getEntityIdNs());
        String policyId = request.getMergePolicyId().isEmpty()
                ? BuiltInPolicy.ID
                : Ids.check("mergePolicyId", request.getMergePolicyId());
        MergePolicy policy = mergePolicies
                .find(tenant, policyId)
                .orElseThrow(() -> ServiceErrors.invalidArgument(
                        "mergePolicyId",
                        "is not a merge policy of this org and sandbox: \"" + Texts.shorten(policyId) + "\""));
        StoredProfile profile = profiles.findByIdentity(
                        tenant,
                        IdentityKey.newBuilder()
                                .setNamespace(namespace)
                                .setId(id)
                                .build())
                .orElseThrow(() -> ServiceErrors.notFound(
                        "no profile has the identity " + Texts.shorten(namespace) + " \"" + Texts.shorten(id) + "\""));
        Entity entity = Entity.newBuilder()
                .setEntityId(id)
                .setEntity(ProfileMerger.merge(profile, policy))
                .setLastModifiedAt(
                        Instant.ofEpochMilli(profile.getLastIngestTime()).toString())
                .setMergePolicy(MergePolicyRef.newBuilder().setId(policy.getId()))
                .build();
        return GetEntitiesResponse.newBuilder().putEntities(id, entity).build();
    }
}
