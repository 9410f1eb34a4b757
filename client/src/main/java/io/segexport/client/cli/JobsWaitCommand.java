package io.segexport.client.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code segexport jobs wait ID}. */
@Command(
        name = "wait",
        description = "Waits until an export job ends, showing its progress, then shows the job. "
                + "Exits 5 when it failed or was cancelled, 7 after --timeout.",
        footerHeading = "%nExample:%n",
        footer = "  segexport jobs wait 12 --timeout 30m && echo exported")
final class JobsWaitCommand implements Callable<Integer> {
    private final Session session;

    @Parameters(paramLabel = "ID", description = "The job's id.")
    long id;

    JobsWaitCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        return new JobWaiter(session).await(id);
    }
}
