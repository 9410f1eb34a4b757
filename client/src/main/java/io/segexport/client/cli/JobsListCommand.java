package io.segexport.client.cli;

import io.segexport.client.JobQuery;
import io.segexport.client.SegexportClient;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code segexport jobs list}: one page of jobs, or all of them. */
@Command(
        name = "list",
        description = "Lists export jobs, newest first: one page, or every job with --all.%n"
                + "JSON output is an array of jobs.",
        footerHeading = "%nExample:%n",
        footer = "  segexport jobs list --status FAILED --all --output json")
final class JobsListCommand implements Callable<Integer> {
    /** Human output goes out a part at a time, so that --all never holds every job. */
    private static final int ROWS_PER_PART = 500;

    private final Session session;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--status",
            paramLabel = "STATUS",
            converter = JobStatuses.class,
            completionCandidates = JobStatuses.class,
            description = "Only jobs in this status: ${COMPLETION-CANDIDATES} (any case).")
    ExportJobStatus status;

    @Option(
            names = "--limit",
            paramLabel = "N",
            description = "Jobs per page, 1 to the server's maximum (1000); the server's default (100) when not given.")
    Integer limit;

    @Option(names = "--all", description = "Every job, reading page after page.")
    boolean all;

    JobsListCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        if (limit != null && limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be 1 or more, not " + limit);
        }
        SegexportClient client = session.client();
        JobQuery query = JobQuery.firstPage().withStatus(status).withLimit(limit == null ? 0 : limit);
        Iterator<ExportJob> jobs = all
                ? client.allJobs(query)
                : client.listJobs(query).getRecordsList().iterator();
        if (session.json()) {
            JsonOutput.printArray(session.out(), jobs);
            return ExitCode.SUCCESS.code();
        }
        JobView table = JobView.table(session.times());
        long rows = 0;
        while (jobs.hasNext()) {
            table.row(jobs.next());
            if (++rows % ROWS_PER_PART == 0) {
                table.print(session.out());
            }
        }
        if (rows == 0) {
            session.say("no export jobs" + (status == null ? "" : " in status " + status));
        } else {
            table.print(session.out());
        }
        return ExitCode.SUCCESS.code();
    }
}
