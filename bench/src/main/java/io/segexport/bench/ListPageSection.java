package io.segexport.bench;

import java.time.Duration;

/**
 * A list page ({@code limit=50}, over REST) of a tenant with few jobs and of one with many: its
 * latency (median, p99) and calls a second, and how the page at many compares with the page at few.
 */
final class ListPageSection {
    static final String PATH = "/data/core/ups/export/jobs?limit=50";
    /** Few calls in flight, so that the latency is the page's, not a queue's. */
    static final int IN_FLIGHT = 4;

    private final Page few;
    private final Page many;
    private final Figure ratio;
    private final Duration length;
    private boolean warm;

    /** The figures of one tenant's page. */
    private record Page(Figure median, Figure p99, Figure rate) {
        static Page of(Report report, int jobs) {
            String at = String.format("list page at %,d jobs", jobs);
            return new Page(
                    report.add(Figure.of(at + ", median (ms)", "%.2f", "")),
                    report.add(Figure.of(at + ", p99 (ms)", "%.2f", "")),
                    report.add(Figure.of(at + " (calls/s)", "%,.0f", IN_FLIGHT + " in flight")));
        }

        /** Adds a round's figures; returns its median in ms. */
        double add(ClosedLoopLoad.Result result) {
            double medianMillis = result.percentileMillis(50);
            median.add(medianMillis);
            p99.add(result.percentileMillis(99));
            rate.add(result.callsPerSecond());
            return medianMillis;
        }
    }

    ListPageSection(Report report, int manyJobs, Duration length) {
        this.length = length;
        few = Page.of(report, Sizes.FEW_JOBS);
        many = Page.of(report, manyJobs);
        ratio = report.add(Figure.withGoal(
                String.format("list page at %,d / at %,d jobs (median)", manyJobs, Sizes.FEW_JOBS),
                "%.3f",
                Goal.atMost(1.2, "%.1f")));
    }

    void round(RestApi fewJobs, RestApi manyJobs) throws InterruptedException {
        if (!warm) {
            ClosedLoopLoad.run(() -> fewJobs.get(PATH), IN_FLIGHT, length);
            ClosedLoopLoad.run(() -> manyJobs.get(PATH), IN_FLIGHT, length);
            warm = true;
        }
        double atFew = few.add(ClosedLoopLoad.run(() -> fewJobs.get(PATH), IN_FLIGHT, length));
        double atMany = many.add(ClosedLoopLoad.run(() -> manyJobs.get(PATH), IN_FLIGHT, length));
        ratio.add(atMany / atFew);
    }
}
