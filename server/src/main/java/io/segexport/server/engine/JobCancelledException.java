package io.segexport.server.engine;

/** The job stopped being PROCESSING while it ran: cancelled or deleted; its output is discarded. */
public final class JobCancelledException extends Exception {
    JobCancelledException(long jobId) {
        super("job " + jobId + " was cancelled", null, false, false);
    }
}
