package io.segexport.bench;

import io.segexport.gateway.LoggingDefaults;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark suite ({@code scripts/bench}): runs the all-in-one server jar as a separate process,
 * measures it from this one, and prints every figure (median, min and max over the rounds) beside
 * its goal. It fails only when something does not work, never on a figure.
 */
@Command(
        name = "bench",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = "Measures export, GetExportJob, list pages, ingest and a huge export of the segexport server.")
public final class BenchMain implements Callable<Integer> {
    @Option(
            names = "--profiles",
            defaultValue = "1000000",
            description = "Profiles in the store (default: ${DEFAULT-VALUE}).")
    private int profiles;

    @Option(
            names = "--jobs",
            defaultValue = "1000000",
            description =
                    "Jobs of the tenant whose list page is compared with one of 1,000 (default: ${DEFAULT-VALUE}).")
    private int jobs;

    @Option(
            names = "--huge",
            defaultValue = "10000000",
            description = "Profiles of the export under -Xmx256m; 0 skips it (default: ${DEFAULT-VALUE}).")
    private int huge;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds of each figure (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(
            names = "--seconds",
            defaultValue = "10",
            description = "Length of a load round, in seconds (default: ${DEFAULT-VALUE}).")
    private double seconds;

    @Option(
            names = "--warm-up",
            defaultValue = "90",
            description = "Seconds of load on each transport before GetExportJob's rounds (default: ${DEFAULT-VALUE}).")
    private double warmUp;

    @Option(
            names = "--ingest",
            defaultValue = "200000",
            description =
                    "Profiles re-ingested as updates each round, over each transport (default: ${DEFAULT-VALUE}).")
    private int ingest;

    @Option(
            names = "--in-flight",
            defaultValue = "64",
            description = "GetExportJob calls in flight (default: ${DEFAULT-VALUE}).")
    private int inFlight;

    @Option(
            names = "--batch-records",
            defaultValue = "1000000",
            description = "Records of the JSON Lines file ingested as one batch (default: ${DEFAULT-VALUE}).")
    private int batchRecords;

    @Option(
            names = "--server-jar",
            defaultValue = "server/target/segexport-server.jar",
            description = "The server to measure (default: ${DEFAULT-VALUE}).")
    private Path serverJar;

    @Option(
            names = "--server-java-option",
            paramLabel = "<option>",
            description =
                    "A JVM option for the servers the bench starts, e.g. -XX:StartFlightRecording=filename=server.jfr to profile them (repeatable).")
    private List<String> serverOptions = new ArrayList<>();

    @Option(
            names = "--work-dir",
            defaultValue = "${sys:java.io.tmpdir}",
            description = "Where the run's stores go, deleted after it (default: ${DEFAULT-VALUE}).")
    private Path workRoot;

    public static void main(String[] args) {
        LoggingDefaults.apply();
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        run(System.out);
        return 0;
    }

    /** Runs the suite with {@code args} as the command line would, printing to {@code out}. */
    static Report run(PrintStream out, String... args) throws Exception {
        BenchMain main = new BenchMain();
        new CommandLine(main).parseArgs(args);
        return main.run(out);
    }

    private Report run(PrintStream out) throws Exception {
        if (profiles < 1
                || jobs < 1
                || huge < 0
                || rounds < 1
                || seconds <= 0
                || warmUp < 0
                || ingest < 1
                || inFlight < 1
                || batchRecords < 1) {
            throw new IllegalArgumentException(
                    "--profiles, --jobs, --rounds, --seconds, --ingest, --in-flight and --batch-records must be positive, --huge and --warm-up at least 0");
        }
        Sizes sizes = new Sizes(
                profiles,
                jobs,
                huge,
                rounds,
                Duration.ofMillis((long) (seconds * 1000)),
                Duration.ofMillis((long) (warmUp * 1000)),
                ingest,
                inFlight,
                batchRecords);
        out.println(Machine.describe());
        out.printf(
                "sizes: %,d profiles, %,d jobs, huge %,d, %d rounds, %s s load rounds, %,d updates a round, a batch of %,d records; %s%n",
                profiles, jobs, huge, rounds, seconds, Math.min(ingest, profiles), batchRecords, Machine.loadAverage());
        Path workDir = Files.createTempDirectory(Files.createDirectories(workRoot), "segexport-bench");
        try {
            Report report = new Suite(sizes, serverJar.toAbsolutePath(), serverOptions, new Progress(out)).run(workDir);
            out.println();
            report.print(out);
            out.println(Machine.loadAverage() + " at the end");
            return report;
        } finally {
            delete(workDir);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
