package io.segexport.server.cluster;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The names one cluster uses on its Kafka: its Streams application id (its consumer group, and the
 * prefix of its internal topics) and its topics, all from the cluster's name, so that several
 * clusters can share one Kafka.
 *
 * @param cluster letters, digits, '.', '_' and '-', as Kafka allows in topic names
 */
public record ClusterNames(String cluster) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    public ClusterNames {
        if (!NAME.matcher(cluster).matches()) {
            throw new IllegalArgumentException(
                    "a cluster name is 1 to 200 letters, digits, '.', '_' or '-', not '" + cluster + "'");
        }
    }

    public String applicationId() {
        return cluster;
    }

    /** The Streams application id of the job ledger ({@link ClusterTopology#ledger}). */
    public String ledgerApplicationId() {
        return cluster + "-jobs";
    }

    /** Checked records, keyed by their primary identity. */
    public String ingest() {
        return cluster + "-ingest";
    }

    /** Records on their way from one of their identities to the next, keyed by the next. */
    public String hops() {
        return cluster + "-identity-hops";
    }

    /** Resolved records, keyed by their profile. */
    public String profileRecords() {
        return cluster + "-profile-records";
    }

    /** The ingest topology's topics, which share one partition count. */
    public List<String> topics() {
        return List.of(ingest(), hops(), profileRecords());
    }

    /** Changes asked of jobs, in one partition, so that one task applies them all in one order. */
    public String jobCommands() {
        return cluster + "-job-commands";
    }

    /** Jobs, datasets, batches, merge policies and segment definitions, compacted, in one partition. */
    public String records() {
        return cluster + "-records";
    }
}
