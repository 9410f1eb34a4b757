package io.segexport.client.cli;

import io.segexport.v1.Batch;
import io.segexport.v1.RelatedObject;
import java.io.PrintWriter;
import java.nio.file.Path;

/** A downloaded batch for a person: what it holds and where it went. */
final class BatchView {
    private BatchView() {}

    static void details(Batch batch, Path dir, TimeFormat times, PrintWriter out) {
        Table pairs = Table.pairs().row("batch", batch.getId()).row("status", batch.getStatus());
        for (RelatedObject related : batch.getRelatedObjectsList()) {
            pairs.row(related.getType(), related.getId());
        }
        pairs.row("completed", times.instant(batch.getCompleted()))
                .row("records", Unit.count(batch.getMetrics().getRecordCount()))
                .row("files", Unit.count(batch.getMetrics().getOutputFileCount()))
                .row("size", Unit.BYTES.amount(batch.getMetrics().getOutputByteSize()))
                .row("downloaded into", dir.toString())
                .print(out);
    }
}
