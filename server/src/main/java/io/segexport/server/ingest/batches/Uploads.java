package io.segexport.server.ingest.batches;

import io.segexport.server.ingest.stored.FilePiece;
import io.segexport.server.ingest.stored.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the bytes of batches' uploads are kept: the data folder of one node ({@link UploadFolder}),
 * or a cluster's bucket ({@link BucketUploads}), which any node reads. Callers check batch ids and
 * names first.
 */
public interface Uploads {
    /**
     * A local file an upload's bytes are written to as they arrive, from {@code offset}; {@code
     * temporary} when it is the upload's own, removed if the upload does not end normally.
     */
    record Receiving(Path path, long offset, boolean temporary) {}

    /** Where a whole file's bytes go. */
    Receiving whole(String batchId, String name);

    /** Where the bytes of a large file's part from {@code first} on go. */
    Receiving part(String batchId, String name, long first);

    /**
     * Keeps what an upload received, bytes [first, first + length) of the file, before its batch
     * records it: the piece that now holds them, or none when they stay where they were received.
     */
    Optional<FilePiece> keep(Receiving received, String batchId, String name, long first, long length);

    /** Removes a kept piece whose batch did not take it. */
    void drop(Optional<FilePiece> piece);

    /** Once the batch records a whole file, as part of that change: puts it in place under its name. */
    void commitWhole(Receiving received, String batchId, String name);

    /** As part of INITIALIZE of a large file: drops what its earlier parts left. */
    void restartLarge(String batchId, String name);

    /** As part of COMPLETE of a large file: puts it in place under its name. */
    void commitLarge(String batchId, String name);

    /** Removes an upload's temporary file, if it has one. */
    void discard(Receiving received);

    /** Reads a file of the batch, as recorded in its state. */
    InputStream open(String batchId, UploadedFile file) throws IOException;

    /** Removes the batch's uploads, finished or not; nothing when there are none. */
    void delete(String batchId);
}
