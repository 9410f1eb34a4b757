package io.segexport.client.cli;

import io.segexport.client.SegexportClient;
import io.segexport.v1.Batch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code segexport batches download BATCH_ID --dir DIR}. */
@Command(
        name = "download",
        description = "Downloads every file of a batch (part-00000.json, ...) into a folder, "
                + "each written under a temporary name and moved into place when whole, then shows the batch.",
        footerHeading = "%nExample:%n",
        footer = "  segexport batches download 0e3e7f2f6f5c4c1d9a8b --dir ./export")
final class BatchesDownloadCommand implements Callable<Integer> {
    private final Session session;

    @Parameters(paramLabel = "BATCH_ID", description = "The batch, of an export job that has succeeded.")
    String batchId;

    @Option(
            names = "--dir",
            required = true,
            paramLabel = "DIR",
            description = "The folder to write into; created if missing.")
    Path dir;

    BatchesDownloadCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        SegexportClient client = session.client();
        // Asked first: an unknown batch fails before anything is written, and its size is the progress total.
        Batch batch = client.getBatch(batchId);
        long total = batch.getMetrics().getOutputByteSize();
        try (Progress progress = session.progress("download " + batchId, Unit.BYTES)) {
            client.downloadBatch(batchId, dir, bytes -> progress.update(bytes, total, ""));
        } catch (IOException e) {
            throw new CliException(ExitCode.UNEXPECTED, "cannot write the batch into " + dir + ": " + e.getMessage());
        }
        session.print(batch, (downloaded, times, out) -> BatchView.details(downloaded, dir, times, out));
        return ExitCode.SUCCESS.code();
    }
}
