package io.segexport.server.batchstore;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * The published files of batches, by batch id (a checked resource id) and file name. A batch's
 * files are written into a local folder first, then published whole: readers see all of a batch's
 * files or none of them, and publishing again replaces them.
 */
public interface BatchStore extends Closeable {
    /** A published file: its name and length in bytes. */
    record StoredFile(String name, long length) {}

    /**
     * Makes the files of {@code folder} the batch's, replacing any it had. The folder is left as it
     * was, so that a caller that crashes before recording the batch can publish it again.
     */
    void publish(String batchId, Path folder) throws IOException;

    /** The batch's files whose names {@code names} accepts, in name order; none when it has none. */
    List<StoredFile> list(String batchId, Predicate<String> names) throws IOException;

    /** Opens one of the batch's files for reading; NoSuchFileException when it has no such file. */
    BatchFile open(String batchId, String name) throws NoSuchFileException, IOException;

    /** Removes the batch's files; nothing when it has none. */
    void delete(String batchId) throws IOException;

    /** Lets go of what the store holds (connections); nothing for a store in the data folder. */
    @Override
    default void close() {}
}
