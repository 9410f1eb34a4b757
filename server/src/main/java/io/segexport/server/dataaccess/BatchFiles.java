package io.segexport.server.dataaccess;

import io.segexport.server.batchstore.BatchFile;
import io.segexport.server.batchstore.BatchStore;
import io.segexport.server.batchstore.BatchStore.StoredFile;
import io.segexport.server.rpc.ServiceErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Files of one kind in published batches ({@link BatchStore}): the part files of committed batches
 * ({@link #parts}) or the failed-records files of ingestion batches ({@link #failed}). Only names of
 * the kind's form ({@code part-NNNNN.json}, or {@code part-P-XXXXXXXX-NNNNN.json} as an export of
 * partition P of a cluster writes them; {@code failed-NNNNN.json}) are ever listed or opened, so
 * no name can reach outside the batch. Callers check the batch id and the tenant before coming here.
 */
final class BatchFiles {
    static final Pattern PART_NAME = Pattern.compile("part-([0-9]{1,5}-[0-9a-f]{8}-)?[0-9]{5}\\.json");
    static final Pattern FAILED_NAME = Pattern.compile("failed-[0-9]{5}\\.json");

    private final BatchStore store;
    private final Pattern names;
    /** The form of the names, for errors: "part-NNNNN.json". */
    private final String form;

    private BatchFiles(BatchStore store, Pattern names, String form) {
        this.store = store;
        this.names = names;
        this.form = form;
    }

    static BatchFiles parts(BatchStore store) {
        return new BatchFiles(store, PART_NAME, "part-NNNNN.json");
    }

    static BatchFiles failed(BatchStore store) {
        return new BatchFiles(store, FAILED_NAME, "failed-NNNNN.json");
    }

    /** Whether {@code name} has this kind's form. */
    boolean named(String name) {
        return names.matcher(name).matches();
    }

    /** The form of this kind's names, for errors: "part-NNNNN.json". */
    String form() {
        return form;
    }

    /** The batch's files of this kind in name order; none when it has none. */
    List<StoredFile> list(String batchId) {
        try {
            return store.list(batchId, this::named);
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the files of batch " + batchId, e);
        }
    }

    /** 400 naming {@code path} unless it is a name of this kind's form. */
    void check(String path) {
        if (!named(path)) {
            throw ServiceErrors.invalidArgument(
                    "path", path.isEmpty() ? "is required" : "must be the name of a file of the dataset file, " + form);
        }
    }

    /** Opens a file of this kind: 400 naming {@code path} for another name, 404 for a file the batch does not have. */
    BatchFile open(String batchId, String path) {
        check(path);
        try {
            return store.open(batchId, path);
        } catch (NoSuchFileException e) {
            throw ServiceErrors.notFound("dataset file " + batchId + " has no file " + path);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open " + path + " of batch " + batchId, e);
        }
    }
}
