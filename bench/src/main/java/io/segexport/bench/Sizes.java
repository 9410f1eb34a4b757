package io.segexport.bench;

import java.time.Duration;

/**
 * What the suite measures and how long: the store sizes, the rounds of each figure, the length of
 * each load round, and how many requests a load generator keeps in flight.
 */
record Sizes(
        int profiles,
        int jobs,
        int huge,
        int rounds,
        Duration loadRound,
        Duration warmUp,
        int ingestProfiles,
        int inFlight,
        int batchRecords) {
    /** The tenant with few jobs, against which the list page at {@link #jobs()} is compared. */
    static final int FEW_JOBS = 1_000;
}
