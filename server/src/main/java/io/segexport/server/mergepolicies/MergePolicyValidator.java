package io.segexport.server.mergepolicies;

import io.segexport.server.limits.Limit;
import io.segexport.server.limits.Limits;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.validation.Ids;
import io.segexport.server.validation.ProfileSchema;
import io.segexport.server.validation.Texts;
import io.segexport.v1.AttributeMerge;
import io.segexport.v1.IdentityGraph;
import io.segexport.v1.MergePolicy;
import java.util.HashSet;
import java.util.Set;

/**
 * Turns a create request into the input fields of a merge policy: every field checked (a 400 naming
 * the first field at fault), defaults filled in, output-only fields dropped.
 */
final class MergePolicyValidator {
    private MergePolicyValidator() {}

    static MergePolicy validate(MergePolicy given) {
        if (given.getIsDefault()) {
            throw ServiceErrors.invalidArgument(
                    "default",
                    "must be false: the default policy of every org is the " + "built-in " + BuiltInPolicy.ID
                            + ", and changing it is not supported");
        }
        return MergePolicy.newBuilder()
                .setName(name(given.getName()))
                .setSchema(ProfileSchema.check(given.getSchema()))
                .setIdentityGraph(identityGraph(given.getIdentityGraph()))
                .setAttributeMerge(attributeMerge(given.getAttributeMerge()))
                .build();
    }

    private static String name(String name) {
        if (name.isBlank()) {
            throw ServiceErrors.invalidArgument("name", "is required");
        }
        Texts.checkLength("name", name, Limit.NAME_LENGTH);
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw ServiceErrors.invalidArgument("name", "must not contain control characters");
        }
        return name;
    }

    private static IdentityGraph identityGraph(IdentityGraph given) {
        String type = given.getType();
        if (!type.isEmpty() && !type.equals(AttributeMerges.NO_IDENTITY_GRAPH)) {
            throw ServiceErrors.invalidArgument(
                    "identityGraph.type",
                    "must be \"" + AttributeMerges.NO_IDENTITY_GRAPH
                            + "\" (stitching profiles through an identity graph is not supported), not \""
                            + Texts.shorten(type) + "\"");
        }
        return IdentityGraph.newBuilder()
                .setType(AttributeMerges.NO_IDENTITY_GRAPH)
                .build();
    }

    private static AttributeMerge attributeMerge(AttributeMerge given) {
        String type = given.getType();
        String allowed =
                "\"" + AttributeMerges.TIMESTAMP_ORDERED + "\" or \"" + AttributeMerges.DATASET_PRECEDENCE + "\"";
        if (type.isEmpty()) {
            throw ServiceErrors.invalidArgument("attributeMerge.type", "is required: " + allowed);
        }
        if (type.equals(AttributeMerges.TIMESTAMP_ORDERED)) {
            if (given.getOrderCount() > 0) {
                throw ServiceErrors.invalidArgument(
                        "attributeMerge.order",
                        "is not allowed with " + AttributeMerges.TIMESTAMP_ORDERED
                                + ", which orders fragments by time");
            }
            return AttributeMerge.newBuilder().setType(type).build();
        }
        if (!type.equals(AttributeMerges.DATASET_PRECEDENCE)) {
            throw ServiceErrors.invalidArgument(
                    "attributeMerge.type", "must be " + allowed + ", not \"" + Texts.shorten(type) + "\"");
        }
        if (given.getOrderCount() == 0) {
            throw ServiceErrors.invalidArgument(
                    "attributeMerge.order",
                    "is required with " + AttributeMerges.DATASET_PRECEDENCE
                            + ": the dataset ids, most important first");
        }
        int maxDatasets = Limits.current().policyDatasets();
        if (given.getOrderCount() > maxDatasets) {
            throw ServiceErrors.invalidArgument(
                    "attributeMerge.order",
                    "lists more than " + maxDatasets + " datasets (the " + Limit.POLICY_DATASETS.flagName()
                            + " limit)");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < given.getOrderCount(); i++) {
            String field = "attributeMerge.order[" + i + "]";
            String datasetId = Ids.checkSafe(field, given.getOrder(i));
            if (!seen.add(datasetId)) {
                throw ServiceErrors.invalidArgument(field, "repeats dataset \"" + Texts.shorten(datasetId) + "\"");
            }
        }
        return AttributeMerge.newBuilder()
                .setType(type)
                .addAllOrder(given.getOrderList())
                .build();
    }
}
