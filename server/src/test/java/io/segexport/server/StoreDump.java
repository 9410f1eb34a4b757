package io.segexport.server;

import io.segexport.server.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

    /** The data folder's files outside the store, which is not walked: RocksDB removes files as it compacts. */
    private static Map<String, String> files(Path dataDir) throws IOException {
        Path rocksDb = dataDir.resolve("rocksdb");
        Map<String, String> files = new TreeMap<>();
        Files.walkFileTree(dataDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                if (dir.equals(rocksDb)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (!dir.equals(dataDir)) {
                    files.put(dataDir.relativize(dir).toString(), "dir");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                files.put(dataDir.relativize(file).toString(), attributes.isRegularFile() ? digest(file) : "other");
                return FileVisitResult.CONTINUE;
            }
        });
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
