package io.segexport.client.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code segexport segments get ID}. */
@Command(
        name = "get",
        description = "Shows a segment definition.",
        footerHeading = "%nExample:%n",
        footer = "  segexport segments get 9d1f1c2e-0b7a-4c55-9a8e-0c1f7e3b5a01")
final class SegmentsGetCommand implements Callable<Integer> {
    private final Session session;

    @Parameters(paramLabel = "ID", description = "The definition's id.")
    String id;

    SegmentsGetCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        session.print(session.client().getSegmentDefinition(id), SegmentDefinitionView::details);
        return ExitCode.SUCCESS.code();
    }
}
