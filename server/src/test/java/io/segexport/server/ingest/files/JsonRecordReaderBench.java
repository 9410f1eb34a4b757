package io.segexport.server.ingest.files;

import io.segexport.server.ingest.files.JsonRecordReader.Layout;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;

/**
 * How fast the reader reads a file of the benchmark's kind of profile (not a test: speed is shown, never
 * asserted). Each round reads the whole file, in memory, in each layout; the first rounds warm up.
 *
 * <pre>java -cp ... io.segexport.server.ingest.files.JsonRecordReaderBench [records [rounds]]</pre>
 */
public final class JsonRecordReaderBench {
    /** The reading thread's own CPU time tells its speed on a machine that others share, as wall time cannot. */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private JsonRecordReaderBench() {}

    public static void main(String[] args) throws IOException {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        // One file at a time: a million records are some 400 MB.
        for (Layout layout : Layout.values()) {
            byte[] file = layout == Layout.LINES ? file(records, "", "\n", "") : file(records, "[\n", ",\n", "\n]\n");
            System.out.printf("%s: %,d records, %d bytes each on average%n", layout, records, file.length / records);
            for (int round = 1; round <= rounds; round++) {
                measure(round, layout, file, records);
            }
        }
    }

    private static void measure(int round, Layout layout, byte[] file, int expected) throws IOException {
        long started = System.nanoTime();
        long cpuStarted = THREADS.getCurrentThreadCpuTime();
        long good = 0;
        long structBytes = 0;
        try (JsonRecordReader reader = new JsonRecordReader(new ByteArrayInputStream(file), layout, 1 << 20, 32)) {
            for (JsonRecord record = reader.next(); record != null; record = reader.next()) {
                good += record.good() ? 1 : 0;
                structBytes += record.struct().length;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - cpuStarted) / 1e9;
        if (good != expected) {
            throw new IllegalStateException(good + " good records of " + expected);
        }
        System.out.printf(
                "round %d %-10s %,10.0f records/s %6.1f MB/s; per second of this thread's CPU: %,10.0f records %6.1f MB"
                        + " (%,d struct bytes)%n",
                round,
                layout,
                expected / seconds,
                file.length / seconds / 1e6,
                expected / cpuSeconds,
                file.length / cpuSeconds / 1e6,
                structBytes);
    }

    /** The records, each on one line, between {@code before} and {@code after}. */
    private static byte[] file(int records, String before, String between, String after) {
        ByteArrayOutputStream file = new ByteArrayOutputStream(records * 450);
        file.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < records; i++) {
            if (i > 0) {
                file.writeBytes(between.getBytes(StandardCharsets.UTF_8));
            }
            file.writeBytes(profile(i).getBytes(StandardCharsets.UTF_8));
        }
        file.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return file.toByteArray();
    }

    /** Profile {@code i}, as the benchmark's SyntheticProfiles has them (an email identity, a name, a few attributes). */
    private static String profile(int i) {
        String email = "user" + i + "@example.com";
        return "{\"_id\": \"profile-" + i + "\", \"timestamp\": \"2024-05-01T10:00:00Z\","
                + " \"identityMap\": {\"email\": [{\"id\": \"" + email + "\", \"primary\": true}]},"
                + " \"personalEmail\": {\"address\": \"" + email + "\"},"
                + " \"person\": {\"name\": {\"firstName\": \"First" + i + "\", \"lastName\": \"Last" + i + "\"},"
                + " \"birthDate\": \"1980-01-01\", \"gender\": \"female\"},"
                + " \"homeAddress\": {\"street1\": \"" + i + " Main Street\", \"city\": \"Springfield\","
                + " \"postalCode\": \"12345\", \"country\": \"US\"},"
                + " \"loyalty\": {\"tier\": \"gold\", \"points\": " + (i % 10_000) + "}}";
    }
}
