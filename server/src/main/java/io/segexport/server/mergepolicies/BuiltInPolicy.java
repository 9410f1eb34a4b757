package io.segexport.server.mergepolicies;

import io.segexport.server.store.Tenant;
import io.segexport.server.validation.ProfileSchema;
import io.segexport.v1.AttributeMerge;
import io.segexport.v1.IdentityGraph;
import io.segexport.v1.MergePolicy;
import io.segexport.v1.Schema;

/**
 * The merge policy every tenant has without creating it, and its default: the newest fragment wins.
 * It is made on demand rather than stored, so that a new tenant needs no setup and the policy can
 * never be missing; generated ids are UUIDs, so no created policy can take its id.
 */
public final class BuiltInPolicy {
    public static final String ID = "timestampOrdered-none-mp";
    static final String NAME = "Default Timebased";

    private BuiltInPolicy() {}

    static MergePolicy of(Tenant tenant) {
        return MergePolicy.newBuilder()
                .setId(ID)
                .setName(NAME)
                .setImsOrgId(tenant.orgId())
                .setSchema(Schema.newBuilder().setName(ProfileSchema.NAME))
                .setVersion(1)
                .setIdentityGraph(IdentityGraph.newBuilder().setType(AttributeMerges.NO_IDENTITY_GRAPH))
                .setAttributeMerge(AttributeMerge.newBuilder().setType(AttributeMerges.TIMESTAMP_ORDERED))
                .setIsDefault(true)
                .setUpdateEpoch(0)
                .build();
    }
}
