package io.segexport.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a run measured: its cores, memory, Java, and how loaded it was (others' work skews figures). */
final class Machine {
    private Machine() {}

    static String describe() {
        return String.format(
                "machine: %d cores, %s memory, Java %s (%s)",
                Runtime.getRuntime().availableProcessors(),
                memTotal(),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"));
    }

    /** The 1, 5 and 15 minute load averages. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return "load average " + fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException e) {
            return "load average unknown";
        }
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return String.format("%,d MiB", Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }
}
