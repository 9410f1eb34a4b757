package io.segexport.server.ingest.batches;

import io.segexport.server.batchstore.S3BatchStore;
import io.segexport.server.ingest.stored.FilePiece;
import io.segexport.server.ingest.stored.UploadedFile;
import io.segexport.server.store.Folders;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The uploads of a cluster's batches, in its bucket, so that any node reads what any node took and
 * a node's loss loses no acknowledged upload. An upload's bytes are received into a file of this
 * node's spool folder, then sent as one object (a whole file, or one part of a large file) before
 * its batch records the piece; a large file is its parts read in order, overlaps skipped, with no
 * copy in the bucket. Objects a batch never recorded go with the batch's uploads.
 */
public final class BucketUploads implements Uploads {
    private final S3BatchStore bucket;
    private final Path spool;

    /** Uploads through {@code spool}, emptied first: what a stop left there was never answered. */
    public BucketUploads(S3BatchStore bucket, Path spool) {
        this.bucket = bucket;
        this.spool = spool;
        Folders.delete(spool);
    }

    @Override
    public Receiving whole(String batchId, String name) {
        return new Receiving(newSpool(batchId), 0, true);
    }

    @Override
    public Receiving part(String batchId, String name, long first) {
        return new Receiving(newSpool(batchId), 0, true);
    }

    @Override
    public Optional<FilePiece> keep(Receiving received, String batchId, String name, long first, long length) {
        try {
            String object = bucket.putUpload(batchId, name, received.path());
            return Optional.of(FilePiece.newBuilder()
                    .setObject(object)
                    .setFirst(first)
                    .setEnd(first + length)
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep file " + name + " of batch " + batchId, e);
        } finally {
            discard(received);
        }
    }

    @Override
    public void drop(Optional<FilePiece> piece) {
        if (piece.isPresent()) {
            try {
                bucket.deleteUpload(piece.get().getObject());
            } catch (IOException e) {
                // Left for the batch's end, which removes every object of its uploads.
            }
        }
    }

    /** The batch's state records the file's pieces: nothing moves. */
    @Override
    public void commitWhole(Receiving received, String batchId, String name) {}

    /** The earlier parts' objects are no longer the file's once its state forgets them; they go with the batch. */
    @Override
    public void restartLarge(String batchId, String name) {}

    @Override
    public void commitLarge(String batchId, String name) {}

    @Override
    public void discard(Receiving received) {
        try {
            Files.deleteIfExists(received.path());
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove a spooled upload", e);
        }
    }

    /**
     * The file's bytes in order: of each piece, those after the bytes the pieces before it gave (the
     * parts cover the file, COMPLETE checks it), each object opened only when the reader reaches it.
     */
    @Override
    public InputStream open(String batchId, UploadedFile file) {
        List<FilePiece> pieces = new ArrayList<>(file.getPiecesList());
        pieces.sort(Comparator.comparingLong(FilePiece::getFirst));
        List<FilePiece> read = new ArrayList<>();
        List<Long> from = new ArrayList<>();
        long at = 0;
        for (FilePiece piece : pieces) {
            if (piece.getEnd() > at) {
                read.add(piece);
                from.add(at - piece.getFirst());
                at = piece.getEnd();
            }
        }
        Iterator<Integer> next = IntStream.range(0, read.size()).iterator();
        return new SequenceInputStream(new Enumeration<InputStream>() {
            @Override
            public boolean hasMoreElements() {
                return next.hasNext();
            }

            @Override
            public InputStream nextElement() {
                int i = next.next();
                try {
                    return bucket.openUpload(read.get(i).getObject(), from.get(i));
                } catch (IOException e) {
                    throw new UncheckedIOException("could not read file " + file.getName() + " of batch " + batchId, e);
                }
            }
        });
    }

    @Override
    public void delete(String batchId) {
        try {
            bucket.deleteUploads(batchId);
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the uploads of batch " + batchId, e);
        }
    }

    private Path newSpool(String batchId) {
        try {
            Files.createDirectories(spool);
            return Files.createTempFile(spool, "." + batchId + ".", ".upload");
        } catch (IOException e) {
            throw new UncheckedIOException("could not spool an upload of batch " + batchId, e);
        }
    }
}
