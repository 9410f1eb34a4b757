package io.segexport.server.store;

import io.segexport.server.store.Folders.Copying;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import org.rocksdb.RocksDBException;

/**
 * A backup of a data folder, taken while the server runs: a RocksDB checkpoint of the database
 * and the files the database names (committed batches, and the uploads and outputs of ingestion
 * batches under way), as of one moment. It is put together in {@code TARGET.partial} and renamed to
 * {@code TARGET} once whole, with a {@value #MARKER} file that {@link StoreRestore} asks for. Export
 * jobs running at that moment restore as running, and the restored server recovers them as it
 * recovers any job a stop interrupted.
 *
 * <pre>
 * TARGET/BACKUP          format, when it was taken, where the batches' files are
 * TARGET/rocksdb/        the checkpoint
 * TARGET/batches/ uploads/ outputs/
 * </pre>
 */
public final class StoreBackup {
    /** The file that makes a folder a whole backup. */
    public static final String MARKER = "BACKUP";

    static final String FORMAT = "1";

    private StoreBackup() {}

    /** A backup taken: its folder and the bytes of the files copied besides the database. */
    public record Taken(Path folder, long fileBytes) {}

    /**
     * Backs {@code database}, kept in {@code layout}, up to {@code target}, a folder that must not
     * exist yet; {@code localBatches} is false when batches' files live in an object store, which
     * keeps them itself. Empty when another backup of the same layout is under way.
     */
    public static Optional<Taken> take(Database database, DataLayout layout, Path target, boolean localBatches)
            throws IOException, RocksDBException {
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "the backup's folder exists already");
        }
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        return layout.whileNothingIsRemoved(() -> {
            Folders.delete(partial);
            Files.createDirectories(partial);
            try {
                return write(database, layout, partial, target, localBatches);
            } catch (IOException | RocksDBException | RuntimeException e) {
                Folders.delete(partial);
                throw e;
            }
        });
    }

    private static Taken write(Database database, DataLayout layout, Path partial, Path target, boolean localBatches)
            throws IOException, RocksDBException {
        database.checkpoint(partial.resolve("rocksdb"));
        // Links: batches are never written again once published. The others are being written.
        long bytes = Folders.copyTree(layout.batches(), partial.resolve("batches"), Copying.LINK)
                + Folders.copyTree(layout.uploads(), partial.resolve("uploads"), Copying.COPY)
                + Folders.copyTree(layout.outputs(), partial.resolve("outputs"), Copying.COPY);
        writeMarker(partial.resolve(MARKER), localBatches);
        Folders.sync(partial);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        Folders.sync(target.toAbsolutePath().getParent());
        return new Taken(target, bytes);
    }

    private static void writeMarker(Path file, boolean localBatches) throws IOException {
        Properties marker = new Properties();
        marker.setProperty("format", FORMAT);
        marker.setProperty("created", Instant.now().toString());
        marker.setProperty("batches", localBatches ? "included" : "not included: kept in the object store");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            marker.store(Channels.newOutputStream(channel), "a segexport backup: segexport-server restore --from DIR");
            channel.force(true);
        }
    }
}
