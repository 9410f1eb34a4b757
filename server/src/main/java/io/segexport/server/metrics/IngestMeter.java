package io.segexport.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * Counts ingested records into {@code segexport_ingest_records_total}, by path ({@code profiles},
 * {@code events}, {@code collection}, {@code batch}) and outcome ({@code accepted} or
 * {@code rejected}), whichever face the records came through.
 */
public final class IngestMeter {
    /** Counts nowhere: for ingestion that is not the API's, such as the demo's seeding. */
    public static final IngestMeter NONE = new IngestMeter(new CompositeMeterRegistry());

    public static final String NAME = "segexport.ingest.records";

    private final MeterRegistry registry;

    public IngestMeter(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Adds one call's (or one batch's) outcome on {@code path}. */
    public void counted(String path, long accepted, long rejected) {
        counter(path, "accepted").increment(accepted);
        counter(path, "rejected").increment(rejected);
    }

    private Counter counter(String path, String outcome) {
        return Counter.builder(NAME)
                .description("Ingested records, by path and outcome")
                .tag("path", path)
                .tag("outcome", outcome)
                .register(registry);
    }
}
