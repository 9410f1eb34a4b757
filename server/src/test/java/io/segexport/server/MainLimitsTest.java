package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The --limit flag: unknown names and bad values stop the server before it starts, naming them. */
class MainLimitsTest {
    @TempDir
    Path dataDir;

    @Test
    void anUnknownLimitIsAUsageErrorNamingItAndTheKnownOnes() throws Exception {
        MainRun run =
                MainRun.of("--data-dir", dataDir.toString(), "--limit", "page-size=10", "--limit", "request-size=10");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("--limit: unknown limit \"request-size\"; the limits are request-bytes, header-bytes,");
        try (var files = Files.list(dataDir)) {
            assertThat(files).as("nothing was opened").isEmpty();
        }
    }

    @Test
    void aBadValueIsAUsageErrorNamingTheLimit() {
        assertThat(MainRun.of("--data-dir", dataDir.toString(), "--limit", "org-running-jobs=none")
                        .err())
                .contains("--limit: limit org-running-jobs must be a whole number from 1 to 2147483647, not \"none\"");
        assertThat(MainRun.of("--data-dir", dataDir.toString(), "--limit", "record-depth=64")
                        .err())
                .contains("--limit: limit record-depth must be from 1 to 32, not 64");
        MainRun noValue = MainRun.of("--data-dir", dataDir.toString(), "--limit", "page-size");
        assertThat(noValue.exitCode()).isEqualTo(2);
        assertThat(noValue.err()).contains("--limit").contains("KEY=VALUE");
    }

    @Test
    void theHelpListsEveryLimitWithItsDefault() {
        MainRun help = MainRun.of("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out())
                .contains(
                        "--limit=NAME=VALUE",
                        "Limits (--limit NAME=VALUE) and their defaults:",
                        "request-bytes=10485760",
                        "org-running-jobs=2",
                        "client-rate=100",
                        "client-burst=200");
    }
}
