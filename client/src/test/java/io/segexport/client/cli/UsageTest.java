package io.segexport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line's help and usage errors, which need no server. */
class UsageTest {
    @Test
    void helpListsTheExitCodesAndAnExample() {
        CliRun run = CliRun.run(Map.of(), "--help");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Usage: segexport", "Exit codes:", "0   success",
                "8   an import finished, but some records were rejected", "Example:", "SEGEXPORT_TARGET");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void noSubcommandIsBadUsage() {
        CliRun run = CliRun.run(Map.of());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).startsWith("segexport: a subcommand is missing").contains("Try 'segexport --help'.");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anUnknownOptionIsBadUsage() {
        CliRun run = CliRun.run(Map.of(), "--frobnicate");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '--frobnicate'").contains("Try 'segexport --help'.");
    }

    @Test
    void aBadOutputFormatIsBadUsage() {
        CliRun run = CliRun.run(Map.of(), "--output", "xml");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("--output").contains("xml");
    }
}
