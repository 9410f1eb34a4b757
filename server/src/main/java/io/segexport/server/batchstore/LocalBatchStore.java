package io.segexport.server.batchstore;

import io.segexport.server.store.DataLayout;
import io.segexport.server.store.Folders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Batches' files in the data folder, {@link DataLayout#batch(String)}. Publishing links the
 * folder's files (hard links: no copy, and the folder stays whole) into a new folder of
 * {@link DataLayout#publishing()}, then renames it into place, so a batch's folder appears whole.
 * Only regular files directly in a batch's own folder are listed or opened, never links: whatever
 * else lies in the data folder is out of reach.
 */
public final class LocalBatchStore implements BatchStore {
    private final DataLayout layout;

    /** Removes what publishing left half done before a stop. */
    public LocalBatchStore(DataLayout layout) {
        this.layout = layout;
        Folders.delete(layout.publishing());
    }

    @Override
    public void publish(String batchId, Path folder) throws IOException {
        Path target = folder(batchId);
        Path next = layout.publishing().resolve(batchId);
        Folders.delete(next);
        Files.createDirectories(next);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException("batch " + batchId + " has a non-file to publish: " + file.getFileName());
                }
                Folders.link(file, next.resolve(file.getFileName()));
            }
        }
        Folders.sync(next);
        layout.remove(target);
        Files.createDirectories(layout.batches());
        Files.move(next, target, StandardCopyOption.ATOMIC_MOVE);
        Folders.sync(layout.batches());
    }

    @Override
    public List<StoredFile> list(String batchId, Predicate<String> names) throws IOException {
        Path folder = folder(batchId);
        List<StoredFile> found = new ArrayList<>();
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(
                folder, entry -> names.test(entry.getFileName().toString()))) {
            for (Path entry : entries) {
                BasicFileAttributes attributes = attributes(entry);
                if (attributes != null && attributes.isRegularFile()) {
                    found.add(new StoredFile(entry.getFileName().toString(), attributes.size()));
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        }
        found.sort(Comparator.comparing(StoredFile::name));
        return found;
    }

    @Override
    public BatchFile open(String batchId, String name) throws IOException {
        Path folder = folder(batchId);
        Path file = Folders.child(folder, name);
        BasicFileAttributes attributes = attributes(file);
        if (attributes == null
                || !attributes.isRegularFile()
                || !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(name);
        }
        // NOFOLLOW_LINKS: a link swapped in after the check above still fails to open.
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        return new BatchFile() {
            @Override
            public long size() throws IOException {
                return channel.size();
            }

            @Override
            public int read(ByteBuffer buffer, long position) throws IOException {
                return channel.read(buffer, position);
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    @Override
    public void delete(String batchId) {
        layout.remove(folder(batchId));
    }

    private Path folder(String batchId) {
        return Folders.child(layout.batches(), batchId);
    }

    private static BasicFileAttributes attributes(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the attributes of " + file.getFileName(), e);
        }
    }
}
