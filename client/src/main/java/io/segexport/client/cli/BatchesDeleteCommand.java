package io.segexport.client.cli;

import com.google.protobuf.Empty;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code segexport batches delete ID}. */
@Command(
        name = "delete",
        description = "Deletes a batch that has ended, exported or ingested: its record and its files. "
                + "What it fed into profiles stays. JSON output is {}.",
        footerHeading = "%nExample:%n",
        footer = "  segexport batches delete 0a5b7d5e3c2f4d1e8f9a0b1c2d3e4f5a")
final class BatchesDeleteCommand implements Callable<Integer> {
    private final Session session;

    @Parameters(paramLabel = "ID", description = "The batch's id.")
    String id;

    BatchesDeleteCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        session.client().deleteBatch(id);
        session.print(Empty.getDefaultInstance(), (empty, times, out) -> out.println("deleted batch " + id));
        return ExitCode.SUCCESS.code();
    }
}
