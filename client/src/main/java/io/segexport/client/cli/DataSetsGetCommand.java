package io.segexport.client.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code segexport datasets get ID}. */
@Command(
        name = "get",
        description = "Shows a dataset.",
        footerHeading = "%nExample:%n",
        footer = "  segexport datasets get 5b7c86968f7b6501e21ba9df")
final class DataSetsGetCommand implements Callable<Integer> {
    private final Session session;

    @Parameters(paramLabel = "ID", description = "The dataset's id.")
    String id;

    DataSetsGetCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        session.print(session.client().getDataSet(id), DataSetView::details);
        return ExitCode.SUCCESS.code();
    }
}
