package io.segexport.server;

import io.segexport.server.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/**
 * The whole stored state of a server at one instant: every key and value of every column family,
 * read from one RocksDB snapshot, and every file of the data folder outside RocksDB's own folder
 * (batches, staging) with a digest of its bytes. Two dumps are equal only when nothing changed.
 */
record StoreDump(Map<String, Map<String, String>> families, Map<String, String> files) {

    static StoreDump of(Database database, Path dataDir) throws IOException {
        Map<String, Map<String, String>> families = new TreeMap<>();
        Snapshot snapshot = database.db().getSnapshot();
        try (ReadOptions read = new ReadOptions().setSnapshot(snapshot)) {
            for (Database.Family family : Database.Family.values()) {
                Map<String, String> entries = new TreeMap<>();
                try (RocksIterator it = database.db().newIterator(database.family(family), read)) {
                    for (it.seekToFirst(); it.isValid(); it.next()) {
                        entries.put(
                                HexFormat.of().formatHex(it.key()),
                                HexFormat.of().formatHex(it.value()));
                    }
                }
                families.put(family.name(), entries);
            }
        } finally {
            database.db().releaseSnapshot(snapshot);
        }
        return new StoreDump(families, files(dataDir));
    }

    private static Map<String, String> files(Path dataDir) throws IOException {
        Path rocksDb = dataDir.resolve("rocksdb");
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dataDir)) {
            paths.filter(path -> !path.startsWith(rocksDb) && !path.equals(dataDir))
                    .forEach(path -> {
                        String name = dataDir.relativize(path).toString();
                        files.put(
                                name,
                                Files.isRegularFile(path) ? digest(path) : Files.isDirectory(path) ? "dir" : "other");
                    });
        }
        return files;
    }

    private static String digest(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    int keyCount() {
        return families.values().stream().mapToInt(Map::size).sum();
    }

    /** What differs from {@code before}, one line a key or file (at most {@code max} lines); empty when equal. */
    List<String> differencesFrom(StoreDump before, int max) {
        List<String> lines = new ArrayList<>();
        for (String family : families.keySet()) {
            compare(family + " ", before.families.getOrDefault(family, Map.of()), families.get(family), lines);
        }
        compare("file ", before.files, files, lines);
        return lines.size() > max ? lines.subList(0, max) : lines;
    }

    private static void compare(
            String prefix, Map<String, String> before, Map<String, String> after, List<String> lines) {
        for (Map.Entry<String, String> entry : after.entrySet()) {
            String old = before.get(entry.getKey());
            if (old == null) {
                lines.add(prefix + "added " + entry.getKey());
            } else if (!old.equals(entry.getValue())) {
                lines.add(prefix + "changed " + entry.getKey());
            }
        }
        for (String key : before.keySet()) {
            if (!after.containsKey(key)) {
                lines.add(prefix + "removed " + key);
            }
        }
    }
}
