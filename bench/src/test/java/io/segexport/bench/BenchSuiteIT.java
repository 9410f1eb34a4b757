package io.segexport.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole suite runs at a tiny size against the real server jar and prints every figure; speeds are not judged. */
class BenchSuiteIT {
    @TempDir
    Path workRoot;

    @Test
    void theSuitePrintsEveryFigurePositive() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        Report report = BenchMain.run(
                new PrintStream(printed, true, StandardCharsets.UTF_8),
                "--profiles",
                "2000",
                "--jobs",
                "2000",
                "--huge",
                "20000",
                "--rounds",
                "1",
                "--seconds",
                "1",
                "--warm-up",
                "1",
                "--ingest",
                "2000",
                "--batch-records",
                "2000",
                "--server-jar",
                System.getProperty("segexport.server.jar"),
                "--work-dir",
                workRoot.toString());

        String output = printed.toString(StandardCharsets.UTF_8);
        System.out.print(output);
        assertThat(report.figures()).hasSize(35);
        for (Figure figure : report.figures()) {
            assertThat(output).contains(figure.name());
            assertThat(figure.stats().min()).as(figure.name()).isPositive();
        }
    }
}
