package io.segexport.server.ingest.batches;

import io.segexport.server.ingest.stored.FilePiece;
import io.segexport.server.ingest.stored.UploadedFile;
import io.segexport.server.store.DataLayout;
import io.segexport.server.store.Folders;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;

/**
 * The uploaded files of ingestion batches, {@link DataLayout#upload(String)}: a file appears under its
 * name only by an atomic rename of a synced file, so a crash leaves either the whole file or none.
 * Files being written have hidden names ({@code .name.…}), which no upload can be given
 * ({@link FileNames}). Callers check batch ids and names first.
 */
public final class UploadFolder implements Uploads {
    private final DataLayout layout;

    public UploadFolder(DataLayout layout) {
        this.layout = layout;
    }

    @Override
    public Receiving whole(String batchId, String name) {
        return new Receiving(newTemporary(batchId, name), 0, true);
    }

    /** A part is written in place in its large file. */
    @Override
    public Receiving part(String batchId, String name, long first) {
        return new Receiving(large(batchId, name), first, false);
    }

    /** What was received stays where it was written, until {@link #commitWhole} or {@link #commitLarge}. */
    @Override
    public Optional<FilePiece> keep(Receiving received, String batchId, String name, long first, long length) {
        return Optional.empty();
    }

    @Override
    public void drop(Optional<FilePiece> piece) {}

    @Override
    public void commitWhole(Receiving received, String batchId, String name) {
        commit(received.path(), batchId, name);
    }

    @Override
    public void restartLarge(String batchId, String name) {
        discard(large(batchId, name));
        large(batchId, name);
    }

    @Override
    public void commitLarge(String batchId, String name) {
        commit(large(batchId, name), batchId, name);
    }

    @Override
    public void discard(Receiving received) {
        if (received.temporary()) {
            discard(received.path());
        }
    }

    /** A new, empty file to write a whole upload to, then {@link #commit} or {@link #discard}. */
    private Path newTemporary(String batchId, String name) {
        Path folder = folder(batchId);
        try {
            Files.createDirectories(folder);
            return Files.createFile(folder.resolve("." + name + "." + UUID.randomUUID() + ".tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create an upload of batch " + batchId, e);
        }
    }

    /** Where a large file's parts are written until it is completed; created empty when missing. */
    private Path large(String batchId, String name) {
        Path folder = folder(batchId);
        Path file = folder.resolve("." + name + ".large");
        try {
            Files.createDirectories(folder);
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.createFile(file);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not create large file " + name + " of batch " + batchId, e);
        }
    }

    /** Syncs a written file and puts it in place under its name, replacing any file of that name. */
    private void commit(Path written, String batchId, String name) {
        Path target = folder(batchId).resolve(name);
        try {
            try (FileChannel channel = FileChannel.open(written, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(written, target, StandardCopyOption.REPLACE_EXISTING);
            }
            Folders.sync(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("could not store file " + name + " of batch " + batchId, e);
        }
    }

    private void discard(Path written) {
        try {
            Files.deleteIfExists(written);
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove an unfinished upload", e);
        }
    }

    @Override
    public InputStream open(String batchId, UploadedFile file) throws IOException {
        return Files.newInputStream(
                folder(batchId).resolve(file.getName()), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void delete(String batchId) {
        layout.remove(folder(batchId));
    }

    private Path folder(String batchId) {
        return Folders.child(layout.uploads(), batchId);
    }
}
