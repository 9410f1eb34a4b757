package io.segexport.server.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.segexport.server.store.Database;
import java.util.function.ToDoubleFunction;
import org.rocksdb.RocksDBException;
import org.rocksdb.TickerType;

/**
 * The embedded RocksDB's figures, read when scraped: the size of its live tables, the bytes
 * compaction is behind by, the memtables' and block cache's memory, the block cache's hits and
 * misses (their rates give the hit ratio), and write stalls (time stalled, and whether writes are
 * stopped now). A figure of a closed database reads NaN.
 */
public final class StoreMetrics {
    private StoreMetrics() {}

    public static void bindTo(MeterRegistry registry, Database database) {
        property(
                registry,
                database,
                "segexport.rocksdb.live.sst",
                "rocksdb.live-sst-files-size",
                "bytes",
                "Bytes of the tables that hold live data");
        property(
                registry,
                database,
                "segexport.rocksdb.pending.compaction",
                "rocksdb.estimate-pending-compaction-bytes",
                "bytes",
                "Bytes compaction would rewrite to reach its target shape");
        property(
                registry,
                database,
                "segexport.rocksdb.memtables",
                "rocksdb.cur-size-all-mem-tables",
                "bytes",
                "Bytes of the memtables, not yet written to tables");
        property(
                registry,
                database,
                "segexport.rocksdb.write.stopped",
                "rocksdb.is-write-stopped",
                null,
                "1 while RocksDB stops writes until compaction catches up");
        Gauge.builder(
                        "segexport.rocksdb.block.cache.usage",
                        database,
                        read(database, d -> d.blockCache().getUsage()))
                .description("Bytes the block cache holds")
                .baseUnit("bytes")
                .register(registry);
        ticker(
                registry,
                database,
                "segexport.rocksdb.block.cache.hits",
                TickerType.BLOCK_CACHE_HIT,
                1,
                "Block reads the block cache answered");
        ticker(
                registry,
                database,
                "segexport.rocksdb.block.cache.misses",
                TickerType.BLOCK_CACHE_MISS,
                1,
                "Block reads the block cache missed");
        ticker(
                registry,
                database,
                "segexport.rocksdb.write.stall",
                TickerType.STALL_MICROS,
                1e-6,
                "Seconds writes were stalled for compaction or flushes");
    }

    private static void property(
            MeterRegistry registry, Database database, String name, String property, String unit, String help) {
        Gauge.builder(name, database, read(database, d -> {
                    try {
                        return d.db().getAggregatedLongProperty(property);
                    } catch (RocksDBException e) {
                        return Double.NaN;
                    }
                }))
                .description(help)
                .baseUnit(unit)
                .register(registry);
    }

    private static void ticker(
            MeterRegistry registry, Database database, String name, TickerType ticker, double scale, String help) {
        FunctionCounter.builder(
                        name, database, read(database, d -> d.statistics().getTickerCount(ticker) * scale))
                .description(help)
                .baseUnit(scale == 1 ? null : "seconds")
                .register(registry);
    }

    private static ToDoubleFunction<Database> read(Database database, ToDoubleFunction<Database> figure) {
        return d -> database.whileOpen(() -> figure.applyAsDouble(d), Double.NaN);
    }
}
