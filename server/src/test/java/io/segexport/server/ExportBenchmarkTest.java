package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark runs on a tiny size and prints every figure; its speeds are not judged here. */
class ExportBenchmarkTest {
    @TempDir
    Path dataDir;

    @Test
    void theBenchmarkRunsAndPrintsItsFigures() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        ExportBenchmark.run(300, dataDir, new PrintStream(printed, true, StandardCharsets.UTF_8));

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("loaded     300 profiles", "exported   300 profiles", "raw scan   300 profiles",
                "ratio      export / raw scan = ", "peak heap  ");
    }
}
