package io.segexport.client.cli;

import io.segexport.v1.ExportJob;
import io.segexport.v1.JobError;
import io.segexport.v1.JobProgress;
import io.segexport.v1.SegmentBatch;
import io.segexport.v1.SegmentFilter;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** Export jobs for a person: a table of many, or the details of one. */
final class JobView {
    private static final List<String> COLUMNS = List.of("ID", "STATUS", "CREATED", "DATASET", "ROWS", "TOOK");

    private final Table table;
    private final TimeFormat times;

    private JobView(TimeFormat times) {
        this.table = Table.withHeader(COLUMNS, List.of("ID", "ROWS"));
        this.times = times;
    }

    /** A table of jobs, filled a row at a time and printed in parts (see {@link Table#print}). */
    static JobView table(TimeFormat times) {
        return new JobView(times);
    }

    JobView row(ExportJob job) {
        table.row(
                String.valueOf(job.getId()),
                job.getStatus().name(),
                times.instant(job.getCreationTime()),
                job.getDestination().getDatasetId(),
                Unit.count(job.getProgress().getRowsWritten()),
                took(job));
        return this;
    }

    void print(PrintWriter out) {
        table.print(out);
    }

    static void details(ExportJob job, TimeFormat times, PrintWriter out) {
        Table pairs = Table.pairs()
                .row("id", String.valueOf(job.getId()))
                .row("status", job.getStatus().name())
                .row("created", times.instant(job.getCreationTime()))
                .row("updated", times.instant(job.getUpdateTime()))
                .row("dataset", job.getDestination().getDatasetId());
        if (!job.getDestination().getBatchId().isEmpty()) {
            pairs.row("batch", job.getDestination().getBatchId());
        }
        for (SegmentBatch batch : job.getDestination().getBatchesList()) {
            pairs.row("batch", batch.getBatchId() + " (segment " + batch.getSegmentId() + ")");
        }
        for (SegmentFilter segment : job.getFilter().getSegmentsList()) {
            pairs.row(
                    "segment",
                    segment.getSegmentNs() + "/" + segment.getSegmentId() + " ("
                            + String.join(", ", segment.getStatusList()) + ")");
        }
        if (!job.getFields().isEmpty()) {
            pairs.row("fields", job.getFields());
        }
        pairs.row(
                "merge policy",
                job.getMergePolicy().getId() + " v" + job.getMergePolicy().getVersion());
        pairs.row("progress", progress(job.getProgress()));
        if (job.getMetrics().hasSegmentationTime()) {
            pairs.row(
                    "evaluated",
                    Unit.count(job.getMetrics().getSegmentedProfileCounter()) + " profiles in "
                            + TimeFormat.duration(Duration.ofMillis(
                                    job.getMetrics().getSegmentationTime().getTotalTimeInMs())));
        }
        if (job.hasMetrics()) {
            pairs.row("exported", exported(job));
            pairs.row("took", took(job));
        }
        for (JobError error : job.getErrorsList()) {
            pairs.row("error", error.getCode() + ": " + error.getMsg());
        }
        pairs.print(out);
    }

    /** "4,500/10,000 profiles read, 1,300 rows written", after "11,000 profiles evaluated, " for a job that evaluates. */
    static String progress(JobProgress progress) {
        String read = progress.getProfilesTotal() > 0
                ? Unit.count(progress.getProfilesRead()) + "/" + Unit.count(progress.getProfilesTotal())
                : Unit.count(progress.getProfilesRead());
        String evaluated = progress.getProfilesEvaluated() > 0
                ? Unit.count(progress.getProfilesEvaluated()) + " profiles evaluated, "
                : "";
        return evaluated + read + " profiles read, " + Unit.count(progress.getRowsWritten()) + " rows written";
    }

    private static String exported(ExportJob job) {
        String byNamespace = job.getMetrics().getExportedProfileByNamespaceCounterMap().entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey())
                .map(entry -> entry.getKey() + " " + Unit.count(entry.getValue()))
                .collect(Collectors.joining(", "));
        String total = Unit.count(job.getMetrics().getTotalExportedProfileCounter()) + " profiles";
        return byNamespace.isEmpty() ? total : total + " (" + byNamespace + ")";
    }

    private static String took(ExportJob job) {
        long millis = job.getMetrics().getTotalTime().getTotalTimeInMs();
        return millis > 0 ? TimeFormat.duration(Duration.ofMillis(millis)) : "-";
    }
}
