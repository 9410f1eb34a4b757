package io.segexport.client.cli;

import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Follows a job to its end with a progress display (driven by WatchExportJob), prints the ended job
 * and turns how it ended into the exit code: 0 for SUCCEEDED, 5 for FAILED or CANCELLED.
 */
final class JobWaiter {
    private final Session session;
    private ExportJob lastSeen;

    JobWaiter(Session session) {
        this.session = session;
    }

    int await(long id) {
        Duration timeout = session.options().timeout;
        ExportJob ended;
        try (Progress progress = session.progress("export job " + id, Unit.of("profiles"))) {
            ended = session.client().awaitCompletion(id, timeout, job -> {
                lastSeen = job;
                progress.update(
                        job.getProgress().getProfilesRead(), job.getProgress().getProfilesTotal(), note(job));
            });
        } catch (TimeoutException e) {
            // The cause, when there is one, is the server being out of reach at the last attempt.
            throw new CliException(
                    ExitCode.TIMEOUT,
                    "export job " + id + " has not ended within "
                            + TimeFormat.duration(timeout) + " (--timeout)"
                            + (lastSeen == null ? "" : "; it is " + lastSeen.getStatus())
                            + (e.getCause() == null
                                    ? ""
                                    : "; at the end: " + e.getCause().getMessage()));
        }
        session.print(ended, JobView::details);
        if (ended.getStatus() == ExportJobStatus.SUCCEEDED) {
            return ExitCode.SUCCESS.code();
        }
        String errors = ended.getErrorsList().stream()
                .map(error -> error.getCode() + ": " + error.getMsg())
                .collect(Collectors.joining("; "));
        session.say("segexport: export job " + id + " ended " + ended.getStatus()
                + (errors.isEmpty() ? "" : ": " + errors));
        return ExitCode.JOB_NOT_SUCCEEDED.code();
    }

    /** The status, and the rows written so far: a filtered export writes fewer rows than it reads. */
    private static String note(ExportJob job) {
        if (job.getStatus() == ExportJobStatus.NEW) {
            return "NEW, waiting for a worker";
        }
        return job.getStatus() + ", " + Unit.count(job.getProgress().getRowsWritten()) + " rows written";
    }
}
