package io.segexport.bench;

import io.segexport.bench.SyntheticProfiles.Segment;
import io.segexport.v1.ExportJob;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Export: per round, a job of every profile, one job per segment and one job that evaluates a segment
 * definition first, then the tuned raw scan of the same store; the export rate against the scan's,
 * each segment's time against the full export's, and the evaluation's rate.
 */
final class ExportSection {
    static final String PLATFORM = "platform: ~17,000 (13,146,432 in 778,460 ms)";

    private final long profiles;
    private final Figure fullRate;
    private final Figure evaluationRate;
    private final Figure scanRate;
    private final Figure ratio;
    private final Map<Segment, Figure> segmentTimes = new EnumMap<>(Segment.class);
    private String definitionId;

    ExportSection(Report report, long profiles) {
        this.profiles = profiles;
        fullRate = report.add(Figure.of("export, all profiles (profiles/s)", "%,.0f", PLATFORM));
        evaluationRate = report.add(Figure.of("segment evaluation, 3 conditions (profiles/s)", "%,.0f", ""));
        scanRate = report.add(Figure.of("raw RocksDB scan of the same store, tuned (keys/s)", "%,.0f", ""));
        ratio = report.add(Figure.withGoal("export / raw scan", "%.3f", Goal.atLeast(0.25, "%.2f")));
        segmentTimes.put(
                Segment.HALF, report.add(Figure.of("export of the 50 % segment / full export (time)", "%.3f", "")));
        segmentTimes.put(
                Segment.TENTH,
                report.add(Figure.withGoal(
                        "export of the 10 % segment / full export (time)", "%.3f", Goal.atMost(0.2, "%.2f"))));
        segmentTimes.put(
                Segment.HUNDREDTH,
                report.add(Figure.withGoal(
                        "export of the 1 % segment / full export (time)", "%.3f", Goal.atMost(0.05, "%.2f"))));
    }

    /** One round; returns the full export's job, ended. */
    ExportJob round(GrpcApi api, String dataSet, Path rocksDb) throws Exception {
        ExportJob full = api.export(dataSet, Optional.empty());
        expectExported(full, profiles);
        long fullMillis = exportMillis(full);
        double rate = profiles * 1000.0 / fullMillis;
        fullRate.add(rate);
        for (Segment segment : Segment.values()) {
            ExportJob job = api.export(dataSet, Optional.of(segment.id));
            expectExported(job, segment.members(profiles));
            segmentTimes.get(segment).add((double) exportMillis(job) / fullMillis);
        }
        evaluationRate.add(evaluationRate(api, dataSet));
        RawScan.Result scan = RawScan.profiles(rocksDb);
        if (scan.keys() < profiles) {
            throw new IllegalStateException("the raw scan read " + scan.keys() + " keys for " + profiles + " profiles");
        }
        scanRate.add(scan.keysPerSecond());
        ratio.add(rate / scan.keysPerSecond());
        return full;
    }

    /**
     * A job that evaluates a definition of three conditions over every profile, then exports its
     * members: every profile whose loyalty points ({@code i % 10,000}) are below 1,000.
     */
    private double evaluationRate(GrpcApi api, String dataSet) throws InterruptedException {
        if (definitionId == null) {
            definitionId = api.createSegmentDefinition(
                    "loyalty.points < 1000 and homeAddress.country = \"US\" and person.name.lastName.startsWith(\"Last\")");
        }
        ExportJob job = api.evaluateAndExport(dataSet, definitionId);
        expectExported(job, profiles / 10_000 * 1_000 + Math.min(profiles % 10_000, 1_000));
        long evaluated = job.getMetrics().getSegmentedProfileCounter();
        if (evaluated != profiles) {
            throw new IllegalStateException(
                    "export job " + job.getId() + " evaluated " + evaluated + " profiles, not " + profiles);
        }
        return evaluated
                * 1000.0
                / Math.max(1, job.getMetrics().getSegmentationTime().getTotalTimeInMs());
    }

    static long exportMillis(ExportJob job) {
        return Math.max(1, job.getMetrics().getProfileExportTime().getTotalTimeInMs());
    }

    static void expectExported(ExportJob job, long rows) {
        long exported = job.getMetrics().getTotalExportedProfileCounter();
        if (exported != rows) {
            throw new IllegalStateException(
                    "export job " + job.getId() + " exported " + exported + " profiles, not " + rows);
        }
    }
}
