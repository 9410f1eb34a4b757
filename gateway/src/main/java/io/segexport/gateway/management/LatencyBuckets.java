package io.segexport.gateway.management;

import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The bucket bounds of every request latency histogram, REST and gRPC alike, so that one query
 * compares both faces. A dozen fixed bounds rather than Micrometer's 70-odd percentile buckets
 * keep each method's series few (cardinality); they span a cached GET to a long upload.
 */
public final class LatencyBuckets {
    private static final Duration[] BOUNDS = {
        Duration.ofMillis(1),
        Duration.ofMillis(2),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
    };

    private LatencyBuckets() {}

    /** A timer named {@code name} with these buckets. */
    public static Timer.Builder timer(String name) {
        return Timer.builder(name).serviceLevelObjectives(BOUNDS);
    }
}
