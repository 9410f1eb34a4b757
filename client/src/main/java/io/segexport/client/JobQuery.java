package io.segexport.client;

import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.ListExportJobsRequest;
import java.util.Objects;

/**
 * Which page of export jobs to list. Jobs come newest first; a page starts after the job whose
 * cursor is {@code offset}.
 *
 * @param limit  jobs per page, from 1 to the server's maximum; 0 takes the server's default
 * @param offset the cursor {@code {creationTime}_{id}} of the last job of the previous page (its
 *               {@code page.pageOffset}); {@code ""} starts at the newest job
 * @param status only jobs in this status; {@code null} for all
 */
public record JobQuery(int limit, String offset, ExportJobStatus status) {
    /**
     * Checks the query.
     *
     * @throws IllegalArgumentException when {@code limit} is negative
     */
    public JobQuery {
        Objects.requireNonNull(offset, "offset");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 (the server's default) or more, not " + limit);
        }
    }

    /** The first page of all jobs, of the server's default size. */
    public static JobQuery firstPage() {
        return new JobQuery(0, "", null);
    }

    /** This query with pages of {@code newLimit} jobs (0: the server's default). */
    public JobQuery withLimit(int newLimit) {
        return new JobQuery(newLimit, offset, status);
    }

    /** This query restricted to jobs in {@code newStatus} ({@code null}: all). */
    public JobQuery withStatus(ExportJobStatus newStatus) {
        return new JobQuery(limit, offset, newStatus);
    }

    /** This query starting after the job of cursor {@code newOffset} ({@code ""}: the newest). */
    public JobQuery withOffset(String newOffset) {
        return new JobQuery(limit, newOffset, status);
    }

    ListExportJobsRequest toRequest() {
        ListExportJobsRequest.Builder request =
                ListExportJobsRequest.newBuilder().setOffset(offset);
        if (limit > 0) {
            request.setLimit(limit);
        }
        if (status != null) {
            request.setStatus(status.name());
        }
        return request.build();
    }
}
