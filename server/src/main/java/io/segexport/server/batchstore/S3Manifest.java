package io.segexport.server.batchstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.segexport.server.batchstore.BatchStore.StoredFile;
import java.io.IOException;
import java.util.List;

/** A batch's manifest in the S3 store: {"files": [{"name": …, "length": …}, …]}, in name order. */
final class S3Manifest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Files(List<StoredFile> files) {}

    private S3Manifest() {}

    static byte[] write(List<StoredFile> files) throws IOException {
        return JSON.writeValueAsBytes(new Files(files));
    }

    static List<StoredFile> read(byte[] manifest) throws IOException {
        Files read = JSON.readValue(manifest, Files.class);
        if (read.files() == null) {
            throw new IOException("a batch manifest has no list of files");
        }
        return read.files();
    }
}
