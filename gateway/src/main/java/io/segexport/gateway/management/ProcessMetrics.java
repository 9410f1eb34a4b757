package io.segexport.gateway.management;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JVM's and the process's figures: heap and other memory pools, collections, threads, classes,
 * CPU, uptime, open files, and the resident set size, which the JVM does not report and which
 * RocksDB's memory (block cache, memtables) counts in, outside the heap.
 */
public final class ProcessMetrics implements AutoCloseable {
    private static final Path STATUS = Path.of("/proc/self/status");

    private final JvmGcMetrics collections = new JvmGcMetrics();

    /** Binds them to {@code registry}; close to stop hearing the collections. */
    public static ProcessMetrics bindTo(MeterRegistry registry) {
        ProcessMetrics metrics = new ProcessMetrics();
        new JvmMemoryMetrics().bindTo(registry);
        metrics.collections.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        if (Files.isReadable(STATUS)) {
            Gauge.builder("process.resident.memory", ProcessMetrics::residentBytes)
                    .description("The process's resident set size (VmRSS), heap and native memory alike")
                    .baseUnit("bytes")
                    .register(registry);
        }
        return metrics;
    }

    /** VmRSS of /proc/self/status ("VmRSS:  123456 kB"), or NaN when it cannot be read. */
    private static double residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    @Override
    public void close() {
        collections.close();
    }
}
