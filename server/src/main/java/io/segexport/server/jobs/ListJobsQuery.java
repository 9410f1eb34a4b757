package io.segexport.server.jobs;

import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.validation.PageSize;
import io.segexport.server.validation.Texts;
import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.ListExportJobsRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** A checked list request: page size, cursor and status filter. */
record ListJobsQuery(int limit, JobCursor after, Optional<ExportJobStatus> status) {
    private static final List<ExportJobStatus> KNOWN = Arrays.stream(ExportJobStatus.values())
            .filter(s -> s != ExportJobStatus.EXPORT_JOB_STATUS_UNSPECIFIED && s != ExportJobStatus.UNRECOGNIZED)
            .toList();
    private static final String STATUSES = KNOWN.stream().map(Enum::name).collect(Collectors.joining(", "));

    static ListJobsQuery of(ListExportJobsRequest request) {
        int limit = PageSize.of(request.hasLimit(), request.getLimit());
        JobCursor after = null;
        if (!request.getOffset().isEmpty()) {
            after = JobCursor.parse(request.getOffset())
                    .orElseThrow(() -> ServiceErrors.invalidArgument(
                            "offset",
                            "must be a cursor {creationTime}_{id} as link.next gives it, not \""
                                    + Texts.shorten(request.getOffset()) + "\""));
        }
        return new ListJobsQuery(limit, after, status(request.getStatus()));
    }

    private static Optional<ExportJobStatus> status(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return KNOWN.stream()
                .filter(s -> s.name().equals(text.toUpperCase(Locale.ROOT)))
                .findFirst()
                .map(Optional::of)
                .orElseThrow(() -> ServiceErrors.invalidArgument(
                        "status", "must be one of " + STATUSES + ", not \"" + Texts.shorten(text) + "\""));
    }

    /** The short-form path of the page after the one that ends at {@code cursor}. */
    String nextLink(JobCursor cursor) {
        return "/export/jobs/?limit=" + limit + "&offset=" + cursor
                + status.map(s -> "&status=" + s.name()).orElse("");
    }
}
