package io.segexport.client.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code segexport jobs cancel ID}. */
@Command(
        name = "cancel",
        description = "Cancels an export job that has not ended (its output is discarded), "
                + "or deletes one that has ended (its exported data stays).",
        footerHeading = "%nExample:%n",
        footer = "  segexport jobs cancel 12")
final class JobsCancelCommand implements Callable<Integer> {
    private final Session session;

    @Parameters(paramLabel = "ID", description = "The job's id.")
    long id;

    JobsCancelCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        session.print(session.client().cancelJob(id), (response, times, out) -> out.println(response.getMessage()));
        return ExitCode.SUCCESS.code();
    }
}
