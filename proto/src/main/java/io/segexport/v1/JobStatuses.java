package io.segexport.v1;

/** What the job statuses mean, for the server and the client alike. */
public final class JobStatuses {
    private JobStatuses() {}

    /** Whether a job in this status is over: it will not change again, only be deleted. */
    public static boolean isEnded(ExportJobStatus status) {
        return switch (status) {
            case SUCCEEDED, FAILED, CANCELLED -> true;
            default -> false;
        };
    }
}
