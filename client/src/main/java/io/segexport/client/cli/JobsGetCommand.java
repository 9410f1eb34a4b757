package io.segexport.client.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code segexport jobs get ID}. */
@Command(
        name = "get",
        description = "Shows an export job as it stands now.",
        footerHeading = "%nExample:%n",
        footer = "  segexport jobs get 12 --output json")
final class JobsGetCommand implements Callable<Integer> {
    private final Session session;

    @Parameters(paramLabel = "ID", description = "The job's id.")
    long id;

    JobsGetCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        session.print(session.client().getJob(id), JobView::details);
        return ExitCode.SUCCESS.code();
    }
}
