package io.segexport.gateway.management;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.FunctionCounter;
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
import java.lang.management.ManagementFactory;
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

    /**
     * Binds them to {@code registry}, and Prometheus' naming rules to every meter registered there
     * from now on; close to stop hearing the collections.
     */
    public static ProcessMetrics bindTo(MeterRegistry registry) {
        registry.config().meterFilter(new PrometheusConventions());
        ProcessMetrics metrics = new ProcessMetrics();
        new JvmMemoryMetrics().bindTo(registry);
        metrics.collections.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9)
                    .description("The CPU time the process has used, on every core")
                    .baseUnit("seconds")
                    .register(registry);
        }
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
