package io.segexport.client;

import io.segexport.v1.DataSetFile;
import io.segexport.v1.FileEntry;
import io.segexport.v1.GetFileResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.LongConsumer;

/** Downloads the files of one batch into a folder, each whole or not at all. */
final class BatchDownloader {
    private final SegexportClient client;
    private final Path dir;
    private final LongConsumer bytesSoFar;
    private long done;

    BatchDownloader(SegexportClient client, Path dir, LongConsumer bytesSoFar) {
        this.client = client;
        this.dir = dir;
        this.bytesSoFar = bytesSoFar;
    }

    void download(String batchId) throws IOException {
        Files.createDirectories(dir);
        for (DataSetFile dataSetFile : client.listBatchFiles(batchId)) {
            String id = dataSetFile.getDataSetFileId();
            String after = "";
            while (true) {
                GetFileResponse page = client.getFile(id, after);
                for (FileEntry file : page.getDataList()) {
                    download(id, file.getName());
                }
                if (page.getDataCount() == 0
                        || page.getDataCount() < page.getPage().getLimit()) {
                    break;
                }
                after = page.getData(page.getDataCount() - 1).getName();
            }
        }
    }

    private void download(String dataSetFileId, String name) throws IOException {
        Path target = target(name);
        // A hidden name of its own (not createTempFile, whose files only their owner may read), so
        // the finished file gets the permissions of any file the user creates.
        Path partial = dir.resolve("." + name + ".download");
        try {
            long before = done;
            try (OutputStream out = Files.newOutputStream(partial)) {
                done += client.readFile(dataSetFileId, name, out, written -> bytesSoFar.accept(before + written));
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Where a file goes: a name from the server must not lead out of the folder. */
    private Path target(String name) throws IOException {
        Path folder = dir.toAbsolutePath().normalize();
        Path target = folder.resolve(name).normalize();
        if (!folder.equals(target.getParent()) || name.startsWith(".")) {
            throw new IOException(
                    "the server named a file of the batch \"" + name + "\", which is not a plain file name");
        }
        return target;
    }
}
