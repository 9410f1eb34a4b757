package io.segexport.gateway.management;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * Brings the meters of the libraries to Prometheus' naming rules, which {@code promtool check metrics}
 * enforces: every metric has its help, no gauge ends in {@code _count}, and CPU time is in seconds
 * ({@link ProcessMetrics} serves {@code process_cpu_seconds_total} in place of Micrometer's
 * {@code process_cpu_time_ns_total}).
 */
final class PrometheusConventions implements MeterFilter {
    static final String NANOSECOND_CPU_TIME = "process.cpu.time";

    @Override
    public Meter.Id map(Meter.Id id) {
        String name = id.getName().equals("system.cpu.count") ? "system.processors" : id.getName();
        String description = id.getDescription() == null || id.getDescription().isBlank()
                ? name + ", as " + library(name) + " measures it"
                : id.getDescription();
        if (name.equals(id.getName()) && description.equals(id.getDescription())) {
            return id;
        }
        return new Meter.Id(name, Tags.of(id.getTags()), id.getBaseUnit(), description, id.getType());
    }

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        return id.getName().equals(NANOSECOND_CPU_TIME) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    private static String library(String name) {
        return name.startsWith("armeria.") ? "Armeria" : "Micrometer";
    }
}
