package io.segexport.server.ingest.batches;

import io.segexport.server.ingest.stored.ByteSpan;
import io.segexport.server.ingest.stored.FilePiece;
import io.segexport.server.ingest.stored.IngestBatchState;
import io.segexport.server.ingest.stored.LargeUpload;
import io.segexport.server.ingest.stored.UploadedFile;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.store.Tenant;
import io.segexport.server.validation.ResourceIds;
import io.segexport.server.validation.Texts;
import io.segexport.v1.ContentRange;
import io.segexport.v1.UploadFileRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The files of loading batches: where an upload writes, and what a batch records of its files once
 * an upload is complete. Every change to a batch's files list is made under the batch's lock and
 * only while it is loading; a file uploaded after an ABORT or COMPLETE is dropped.
 */
final class BatchFileStore {
    private final IngestBatches batches;
    private final Uploads folder;

    BatchFileStore(IngestBatches batches, Uploads folder) {
        this.batches = batches;
        this.folder = folder;
    }

    /**
     * Where an upload writes ({@code receiving}), and what: a whole file of at most {@code length}
     * bytes, or a large file's part of bytes [first, first + length) of {@code total}.
     */
    record Target(
            String batchId,
            String name,
            Uploads.Receiving receiving,
            boolean part,
            long first,
            long length,
            long total) {}

    /** Checks the first message of an upload and says where its bytes go. */
    Target begin(Tenant tenant, UploadFileRequest first, long maxBytes) {
        String batchId = ResourceIds.check("batchId", first.getBatchId());
        String name = FileNames.check("fileName", first.getFileName());
        return batches.locked(tenant, batchId, () -> {
            IngestBatchState state = loadingOf(tenant, batchId, first.getDatasetId());
            if (!first.hasRange()) {
                return new Target(batchId, name, folder.whole(batchId, name), false, 0, maxBytes, 0);
            }
            ContentRange range = checkRange(first.getRange(), maxBytes);
            LargeUpload upload = largeUpload(state, name)
                    .orElseThrow(() -> ServiceErrors.failedPrecondition("file " + name + " of batch " + batchId
                            + " was not initialized: POST it with ?action=INITIALIZE before sending its parts"));
            if (upload.getTotal() != 0 && upload.getTotal() != range.getTotal()) {
                throw ServiceErrors.invalidArgument(
                        "range.total",
                        "must be the file's length given by its earlier parts, " + upload.getTotal() + ", not "
                                + range.getTotal());
            }
            return new Target(
                    batchId,
                    name,
                    folder.part(batchId, name, range.getFirst()),
                    true,
                    range.getFirst(),
                    range.getLast() - range.getFirst() + 1,
                    range.getTotal());
        });
    }

    /** Records an upload that ended normally with {@code written} bytes; a 400 when a part is short. */
    void finish(Tenant tenant, Target target, long written) {
        if (target.part() && written != target.length()) {
            throw ServiceErrors.invalidArgument(
                    "data",
                    "holds " + written + " bytes where the part's range says " + target.length()
                            + ": the part was cut short; send it again");
        }
        Optional<FilePiece> piece =
                folder.keep(target.receiving(), target.batchId(), target.name(), target.first(), written);
        try {
            batches.locked(tenant, target.batchId(), () -> {
                IngestBatchState state = batches.loading(tenant, target.batchId());
                if (target.part()) {
                    batches.putState(withPart(state, target, piece));
                } else {
                    folder.commitWhole(target.receiving(), target.batchId(), target.name());
                    batches.putState(withFile(
                            state, target.name(), written, piece.stream().toList()));
                }
                return null;
            });
        } catch (RuntimeException e) {
            folder.drop(piece);
            throw e;
        }
    }

    /** Stores a whole file the server itself made (streamed messages) in a loading batch. */
    void store(Tenant tenant, String batchId, String name, byte[] content) {
        Uploads.Receiving written = folder.whole(batchId, name);
        try {
            Files.write(written.path(), content);
            finish(tenant, new Target(batchId, name, written, false, 0, content.length, 0), content.length);
        } catch (IOException e) {
            throw new UncheckedIOException("could not store file " + name + " of batch " + batchId, e);
        } finally {
            folder.discard(written);
        }
    }

    void discard(Target target) {
        folder.discard(target.receiving());
    }

    /** POST ?action=INITIALIZE: starts (or restarts, dropping its parts) a large file. */
    void initialize(Tenant tenant, String batchId, String datasetId, String name) {
        batches.locked(tenant, batchId, () -> {
            IngestBatchState state = loadingOf(tenant, batchId, datasetId);
            folder.restartLarge(batchId, name);
            IngestBatchState.Builder changed = state.toBuilder().clearLargeUploads();
            state.getLargeUploadsList().stream()
                    .filter(upload -> !upload.getName().equals(name))
                    .forEach(changed::addLargeUploads);
            batches.putState(changed.addLargeUploads(LargeUpload.newBuilder().setName(name))
                    .build());
            return null;
        });
    }

    /** POST ?action=COMPLETE: puts a large file whose every byte has arrived in place as a file of the batch. */
    void complete(Tenant tenant, String batchId, String datasetId, String name) {
        batches.locked(tenant, batchId, () -> {
            IngestBatchState state = loadingOf(tenant, batchId, datasetId);
            LargeUpload upload = largeUpload(state, name)
                    .orElseThrow(() -> ServiceErrors.failedPrecondition(
                            "file " + name + " of batch " + batchId + " was not initialized (?action=INITIALIZE)"));
            long received = upload.getReceivedList().isEmpty()
                    ? 0
                    : upload.getReceived(0).getEnd();
            if (upload.getTotal() == 0 || upload.getReceivedCount() != 1 || received != upload.getTotal()) {
                throw ServiceErrors.failedPrecondition("file " + name + " of batch " + batchId + " is missing "
                        + missing(upload) + ": send those parts, then complete it");
            }
            folder.commitLarge(batchId, name);
            IngestBatchState.Builder changed =
                    withFile(state, name, upload.getTotal(), upload.getPiecesList()).toBuilder()
                            .clearLargeUploads();
            state.getLargeUploadsList().stream()
                    .filter(other -> !other.getName().equals(name))
                    .forEach(changed::addLargeUploads);
            batches.putState(changed.build());
            return null;
        });
    }

    private IngestBatchState loadingOf(Tenant tenant, String batchId, String datasetId) {
        IngestBatchState state = batches.loading(tenant, batchId);
        if (!state.getDatasetId().equals(datasetId)) {
            throw ServiceErrors.invalidArgument(
                    "datasetId",
                    "must be the dataset of batch " + batchId + ", " + state.getDatasetId() + ", not \""
                            + Texts.shorten(datasetId) + "\"");
        }
        return state;
    }

    private static ContentRange checkRange(ContentRange range, long maxBytes) {
        if (range.getTotal() > maxBytes) {
            throw ServiceErrors.tooLarge(
                    "range.total", "is larger than " + maxBytes + " bytes (the file-mebibytes limit)");
        }
        if (range.getFirst() < 0 || range.getLast() < range.getFirst() || range.getLast() >= range.getTotal()) {
            throw ServiceErrors.invalidArgument(
                    "range",
                    "must be bytes first-last/total with 0 <= first <= last < total, not " + range.getFirst() + "-"
                            + range.getLast() + "/" + range.getTotal());
        }
        return range;
    }

    private static Optional<LargeUpload> largeUpload(IngestBatchState state, String name) {
        return state.getLargeUploadsList().stream()
                .filter(upload -> upload.getName().equals(name))
                .findFirst();
    }

    private static IngestBatchState withFile(IngestBatchState state, String name, long length, List<FilePiece> pieces) {
        UploadedFile file = UploadedFile.newBuilder()
                .setName(name)
                .setLength(length)
                .addAllPieces(pieces)
                .build();
        IngestBatchState.Builder changed = state.toBuilder();
        for (int i = 0; i < state.getFilesCount(); i++) {
            if (state.getFiles(i).getName().equals(name)) {
                return changed.setFiles(i, file).build();
            }
        }
        return changed.addFiles(file).build();
    }

    private static IngestBatchState withPart(IngestBatchState state, Target part, Optional<FilePiece> piece) {
        IngestBatchState.Builder changed = state.toBuilder();
        for (int i = 0; i < state.getLargeUploadsCount(); i++) {
            LargeUpload upload = state.getLargeUploads(i);
            if (upload.getName().equals(part.name())) {
                List<ByteSpan> spans = new ArrayList<>(upload.getReceivedList());
                spans.add(ByteSpan.newBuilder()
                        .setFirst(part.first())
                        .setEnd(part.first() + part.length())
                        .build());
                changed.setLargeUploads(
                        i,
                        upload.toBuilder()
                                .setTotal(part.total())
                                .clearReceived()
                                .addAllReceived(merged(spans))
                                .addAllPieces(piece.stream().toList()));
                return changed.build();
            }
        }
        throw ServiceErrors.failedPrecondition("file " + part.name() + " was completed or initialized again meanwhile");
    }

    /** Spans sorted and merged where they overlap or touch. */
    static List<ByteSpan> merged(List<ByteSpan> spans) {
        List<ByteSpan> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingLong(ByteSpan::getFirst));
        List<ByteSpan> merged = new ArrayList<>();
        for (ByteSpan span : sorted) {
            ByteSpan last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && span.getFirst() <= last.getEnd()) {
                merged.set(
                        merged.size() - 1,
                        last.toBuilder()
                                .setEnd(Math.max(last.getEnd(), span.getEnd()))
                                .build());
            } else {
                merged.add(span);
            }
        }
        return merged;
    }

    /** The byte spans a large file still lacks, for people: "bytes 0-99 and 500-999 of 1000". */
    private static String missing(LargeUpload upload) {
        if (upload.getTotal() == 0) {
            return "every byte (no part was received)";
        }
        List<String> gaps = new ArrayList<>();
        long at = 0;
        for (ByteSpan span : upload.getReceivedList()) {
            if (span.getFirst() > at) {
                gaps.add(at + "-" + (span.getFirst() - 1));
            }
            at = span.getEnd();
        }
        if (at < upload.getTotal()) {
            gaps.add(at + "-" + (upload.getTotal() - 1));
        }
        return "bytes " + String.join(", ", gaps) + " of " + upload.getTotal();
    }
}
