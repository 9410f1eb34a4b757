package io.segexport.server.mergepolicies;

/** The values of a merge policy's {@code attributeMerge.type} and {@code identityGraph.type}. */
public final class AttributeMerges {
    /** The newest fragment that has an attribute wins. */
    public static final String TIMESTAMP_ORDERED = "timestampOrdered";
    /** The first fragment, in the policy's dataset order, that has an attribute wins. */
    public static final String DATASET_PRECEDENCE = "dataSetPrecedence";
    /** No stitching of profiles through shared identities: the only identity graph supported. */
    public static final String NO_IDENTITY_GRAPH = "none";

    private AttributeMerges() {}
}
