package io.segexport.server.dataaccess;

import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.store.DataLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Files of one kind in batch folders, {@link DataLayout#batch(String)}: the part files of committed
 * batches ({@link #parts}) or the failed-records files of ingestion batches ({@link #failed}). Only
 * names of the kind's form ({@code part-NNNNN.json}, {@code failed-NNNNN.json}) are ever listed or opened, only regular files (never links), and only inside
 * the batch's own folder: whatever else lies in the data folder is out of reach. Callers check the
 * batch id and the tenant before coming here.
 */
final class BatchFiles {
    static final Pattern PART_NAME = Pattern.compile("part-[0-9]{5}\\.json");
    static final Pattern FAILED_NAME = Pattern.compile("failed-[0-9]{5}\\.json");

    /** A part file and its size in bytes. */
    record Part(String name, long length) {}

    private final DataLayout layout;
    private final Pattern names;
    /** The form of the names, for errors: "part-NNNNN.json". */
    private final String form;

    private BatchFiles(DataLayout layout, Pattern names, String form) {
        this.layout = layout;
        this.names = names;
        this.form = form;
    }

    static BatchFiles parts(DataLayout layout) {
        return new BatchFiles(layout, PART_NAME, "part-NNNNN.json");
    }

    static BatchFiles failed(DataLayout layout) {
        return new BatchFiles(layout, FAILED_NAME, "failed-NNNNN.json");
    }

    /** Whether {@code name} has this kind's form. */
    boolean named(String name) {
        return names.matcher(name).matches();
    }

    /** The form of this kind's names, for errors: "part-NNNNN.json". */
    String form() {
        return form;
    }

    /** The batch's part files in name order; none when its folder is missing. */
    List<Part> list(String batchId) {
        Path folder = folder(batchId);
        List<Part> parts = new ArrayList<>();
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return parts;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(
                folder, entry -> named(entry.getFileName().toString()))) {
            for (Path entry : entries) {
                BasicFileAttributes attributes = attributes(entry);
                if (attributes != null && attributes.isRegularFile()) {
                    parts.add(new Part(entry.getFileName().toString(), attributes.size()));
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the files of batch " + batchId, e);
        }
        parts.sort(Comparator.comparing(Part::name));
        return parts;
    }

    /**
     * Opens a part file for reading; 400 naming {@code path} for a name that is not a part file's,
     * 404 for a file that does not exist (or is not a regular file).
     */
    FileChannel open(String batchId, String path) {
        Path file = resolve(batchId, path);
        BasicFileAttributes attributes = attributes(file);
        if (attributes == null
                || !attributes.isRegularFile()
                || !Files.isDirectory(file.getParent(), LinkOption.NOFOLLOW_LINKS)) {
            throw noSuchFile(batchId, path);
        }
        try {
            // NOFOLLOW_LINKS: a link swapped in after the check above still fails to open.
            return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw noSuchFile(batchId, path);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open " + path + " of batch " + batchId, e);
        }
    }

    /**
     * The path of a part file. The name must be a part file's name, which leaves no room for a
     * separator or a dot segment; the normalized path is checked to be a child of the batch's folder
     * anyway, in case the rule ever loosens.
     */
    Path resolve(String batchId, String path) {
        if (!named(path)) {
            throw ServiceErrors.invalidArgument(
                    "path", path.isEmpty() ? "is required" : "must be the name of a file of the dataset file, " + form);
        }
        Path folder = folder(batchId);
        Path file = folder.resolve(path).normalize();
        if (!folder.equals(file.getParent())) {
            throw ServiceErrors.invalidArgument("path", "must be the name of a file of the dataset file, " + form);
        }
        return file;
    }

    private Path folder(String batchId) {
        Path batches = layout.batches().toAbsolutePath().normalize();
        Path folder = batches.resolve(batchId).normalize();
        if (!batches.equals(folder.getParent())) {
            throw new IllegalArgumentException("not a checked batch id: " + batchId);
        }
        return folder;
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

    private static RuntimeException noSuchFile(String batchId, String path) {
        return ServiceErrors.notFound("dataset file " + batchId + " has no file " + path);
    }
}
