package io.segexport.server.ingest.batches;

import io.segexport.server.profiles.ingest.RepeatableIngestion;
import io.segexport.server.profiles.store.ProfileWrites;
import io.segexport.server.store.Tenant;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What processing batches needs of where it runs.
 *
 * @param writes     where a batch's records go: the profile store, or a cluster's ingest topic
 * @param removal    a REVERT's removal of a batch's events from where they were stored
 * @param processes  whether this node processes the batch of this id
 * @param checkpoint whether a batch's progress is kept in its state, to resume from after a stop;
 *                   it is only where the output files it counts are, on one node
 * @param rescan     how often the batches are looked through for those this node should process,
 *                   where another node may take their COMPLETE or hand them over
 */
public record ProcessingSite(
        ProfileWrites writes,
        EventRemoval removal,
        Predicate<String> processes,
        boolean checkpoint,
        Optional<Duration> rescan) {
    static final Duration RESCAN = Duration.ofSeconds(1);

    /** Removes the tenant's events that batch {@code batchId} stored at {@code ingestTime}; durable when it returns. */
    public interface EventRemoval {
        void remove(Tenant tenant, String batchId, long ingestTime);
    }

    /** One node: every batch is its own, resumed from its checkpoint at start-up. */
    public static ProcessingSite embedded(RepeatableIngestion ingestion, ProfileWrites store) {
        return new ProcessingSite(store, ingestion::removeEvents, batchId -> true, true, Optional.empty());
    }

    /**
     * A node of a cluster: it processes the batches {@code processes} gives it, from their first
     * record, since a batch may move to another node.
     */
    public static ProcessingSite cluster(ProfileWrites writes, EventRemoval removal, Predicate<String> processes) {
        return new ProcessingSite(writes, removal, processes, false, Optional.of(RESCAN));
    }
}
