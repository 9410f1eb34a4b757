package io.segexport.server.store;

import io.segexport.server.store.Folders.Copying;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.rocksdb.RocksDBException;

/**
 * Restores a {@link StoreBackup} into a data folder that is missing or empty, never over a store:
 * the files are copied (not linked, so that the restored server's writes never reach the backup)
 * into {@code DATA_DIR.partial}, whose database is opened once to check it, and then renamed to
 * {@code DATA_DIR}. A crash leaves at most the {@code .partial} folder, which the next restore
 * replaces.
 */
public final class StoreRestore {
    private static final List<String> FOLDERS = List.of("rocksdb", "batches", "uploads", "outputs");

    private StoreRestore() {}

    /** A backup that cannot be restored, or a data folder it cannot be restored to; says which and why. */
    public static final class RefusedException extends IOException {
        RefusedException(String message) {
            super(message);
        }
    }

    /** Restores the backup in {@code backup} to {@code dataDir}; returns the bytes copied. */
    public static long restore(Path backup, Path dataDir) throws IOException, RocksDBException {
        checkBackup(backup);
        if (Files.exists(dataDir) && !isEmptyFolder(dataDir)) {
            throw new RefusedException("--data-dir " + dataDir + " is not empty: a restore never replaces a store");
        }
        Path partial = dataDir.resolveSibling(dataDir.getFileName() + ".partial");
        Folders.delete(partial);
        long bytes = 0;
        for (String folder : FOLDERS) {
            bytes += Folders.copyTree(backup.resolve(folder), partial.resolve(folder), Copying.COPY);
        }
        Database.open(new DataLayout(partial).rocksDb()).close();
        Folders.sync(partial);
        Files.deleteIfExists(dataDir);
        Files.move(partial, dataDir, StandardCopyOption.ATOMIC_MOVE);
        Folders.sync(dataDir.toAbsolutePath().getParent());
        return bytes;
    }

    private static void checkBackup(Path backup) throws IOException {
        Path marker = backup.resolve(StoreBackup.MARKER);
        if (!Files.isRegularFile(marker)) {
            throw new RefusedException("--from " + backup + " is not a whole backup: it has no " + StoreBackup.MARKER
                    + " file (a backup cut short leaves a .partial folder without one)");
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(marker)) {
            properties.load(in);
        }
        if (!StoreBackup.FORMAT.equals(properties.getProperty("format"))) {
            throw new RefusedException("--from " + backup + " is a backup of format " + properties.getProperty("format")
                    + "; this server restores format " + StoreBackup.FORMAT);
        }
        if (!Files.isRegularFile(backup.resolve("rocksdb").resolve("CURRENT"))) {
            throw new RefusedException("--from " + backup + " has no database in rocksdb/");
        }
    }

    private static boolean isEmptyFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
