package io.segexport.server;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The batches the Data Access tests read, written into the data folder before their server starts,
 * and things that must never be served beside them: a secret file in the data folder, another in the
 * batches folder, a non-part file, a link and a folder named like parts inside a batch.
 */
final class DataAccessSeed {
    static final Tenant OWNER = Tenant.fresh();
    static final Tenant OTHER = Tenant.fresh();
    static final String DATA_SET = "5b7c86968f7b6501e21ba9df";

    /** OWNER's batch of three parts. */
    static final String BATCH = "0a1b2c3d4e5f40718293a4b5c6d7e8f9";
    /** OWNER's batch of one part of a little over 5 MiB. */
    static final String BIG = "b16b16b16b16b16b16b16b16b16b16b1";
    /** OWNER's batch of one part of 256 MiB of zeros (a sparse file), more than any buffer holds. */
    static final String HUGE = "4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a";

    static final long HUGE_LENGTH = 256L << 20;
    /** OWNER's batch of one empty part. */
    static final String EMPTY = "e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0";
    /** OTHER's batch; OWNER must not see it. */
    static final String OTHERS = "07e507e507e507e507e507e507e507e5";
    /** A folder of parts without a batch record. */
    static final String ORPHAN = "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f";
    /** OWNER's batch whose job is still running: a record that is not "success". */
    static final String RUNNING = "12121212121212121212121212121212";

    static final byte[] PART0 = ExportedBatches.rows("a@example.com", "b@example.com", "c@example.com");
    static final byte[] PART1 = ExportedBatches.rows("d@example.com");
    static final byte[] PART2 = ExportedBatches.randomBytes(200, 2);
    static final byte[] BIG_PART = ExportedBatches.randomBytes(5 * 1024 * 1024 + 123, 42);
    static final String SECRET = "TOP-SECRET-never-to-be-served";

    private DataAccessSeed() {}

    static void into(Path dataDir) throws Exception {
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        try (ExportedBatches batches = ExportedBatches.open(dataDir)) {
            Map<String, byte[]> parts = new LinkedHashMap<>();
            parts.put("part-00001.json", PART1);
            parts.put("part-00000.json", PART0);
            parts.put("part-00002.json", PART2);
            parts.put("_SUCCESS", new byte[0]);
            parts.put("notes.txt", secret);
            batches.put(OWNER, BATCH, DATA_SET, parts);
            Path folder = dataDir.resolve("batches").resolve(BATCH);
            Files.createSymbolicLink(folder.resolve("part-00009.json"), dataDir.resolve("secret.txt"));
            Files.createDirectory(folder.resolve("part-00008.json"));

            batches.put(OWNER, BIG, DATA_SET, Map.of("part-00000.json", BIG_PART));
            batches.put(OWNER, HUGE, DATA_SET, Map.of());
            try (RandomAccessFile huge = new RandomAccessFile(
                    dataDir.resolve("batches")
                            .resolve(HUGE)
                            .resolve("part-00000.json")
                            .toFile(),
                    "rw")) {
                huge.setLength(HUGE_LENGTH);
            }
            batches.put(OWNER, EMPTY, DATA_SET, Map.of("part-00000.json", new byte[0]));
            batches.put(OTHER, OTHERS, "aaaaaaaaaaaaaaaaaaaaaaaa", Map.of("part-00000.json", secret));
            batches.files(ORPHAN, Map.of("part-00000.json", secret));
            batches.record(OWNER, RUNNING, DATA_SET, "processing");
            batches.files(RUNNING, Map.of("part-00000.json", secret));
        }
        Files.write(dataDir.resolve("secret.txt"), secret);
        Files.write(dataDir.resolve("batches").resolve("secret.json"), secret);
        Files.write(dataDir.resolve("batches").resolve("part-00000.json"), secret);
    }
}
