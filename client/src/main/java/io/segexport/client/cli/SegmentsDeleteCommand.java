package io.segexport.client.cli;

import com.google.protobuf.Empty;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code segexport segments delete ID}. */
@Command(
        name = "delete",
        description = "Deletes a segment definition. Jobs already running keep its expression; "
                + "the memberships it produced stay on the profiles. JSON output is the API's empty answer, {}.",
        footerHeading = "%nExample:%n",
        footer = "  segexport segments delete 9d1f1c2e-0b7a-4c55-9a8e-0c1f7e3b5a01")
final class SegmentsDeleteCommand implements Callable<Integer> {
    private final Session session;

    @Parameters(paramLabel = "ID", description = "The definition's id.")
    String id;

    SegmentsDeleteCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        session.client().deleteSegmentDefinition(id);
        session.print(
                Empty.getDefaultInstance(), (empty, times, out) -> out.println("deleted segment definition " + id));
        return ExitCode.SUCCESS.code();
    }
}
