package io.segexport.server.ingest.batches;

import io.segexport.server.profiles.ingest.RepeatableIngestion;
import io.segexport.server.profiles.store.ProfileWrites;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What processing batches needs of where it runs.
 *
 * @param writes     where a batch's records go: the profile store, or a cluster's ingest topic
 * @param ingestion  a REVERT's removal of a batch's events, where there is one
 * @param processes  whether this node processes the batch of this id
 * @param checkpoint whether a batch's progress is kept in its state, to resume from after a stop;
 *                   it is only where the output files it counts are, on one node
 * @param rescan     how often the batches are looked through for those this node should process,
 *                   where another node may take their COMPLETE or hand them over
 */
public record ProcessingSite(
        ProfileWrites writes,
        Optional<RepeatableIngestion> ingestion,
        Predicate<String> processes,
        boolean checkpoint,
        Optional<Duration> rescan) {
    static final Duration RESCAN = Duration.ofSeconds(1);

    /** One node: every batch is its own, resumed from its checkpoint at start-up. */
    public static ProcessingSite embedded(RepeatableIngestion ingestion, ProfileWrites store) {
        return new ProcessingSite(store, Optional.of(ingestion), batchId -> true, true, Optional.empty());
    }

    /**
     * A node of a cluster: it processes the batches {@code processes} gives it, from their first
     * record, since a batch may move to another node; a REVERT of events is not served.
     */
    public static ProcessingSite cluster(ProfileWrites writes, Predicate<String> processes) {
        return new ProcessingSite(writes, Optional.empty(), processes, false, Optional.of(RESCAN));
    }
}
