package io.segexport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line's help and usage errors, which need no server. */
class UsageTest {
    private static CliRun cli(String... args) {
        return CliRun.run(Map.of(), false, args);
    }

    @Test
    void topHelpListsTheCommandsTheExitCodesAndAnExample() {
        CliRun run = cli("--help").expectExit(0);

        assertThat(run.out())
                .contains(
                        "Usage: segexport",
                        "jobs",
                        "datasets",
                        "segments",
                        "profiles",
                        "events",
                        "batches",
                        "SEGEXPORT_TARGET",
                        "Exit codes:",
                        "  0   success",
                        "  6   the server is unreachable",
                        "  8   an import finished, but some records were rejected",
                        "Example:");
        assertThat(run.err()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "jobs",
                "jobs list",
                "jobs create",
                "jobs get",
                "jobs cancel",
                "jobs wait",
                "datasets",
                "datasets create",
                "datasets get",
                "datasets list",
                "segments",
                "segments create",
                "segments get",
                "segments list",
                "segments delete",
                "profiles",
                "profiles import",
                "profiles get",
                "events",
                "events import",
                "batches",
                "batches download",
                "batches delete"
            })
    void everyCommandHasHelpWithAnExample(String command) {
        CliRun run = cli((command + " --help").split(" ")).expectExit(0);

        assertThat(run.out())
                .startsWith("Usage: segexport " + command + " [OPTIONS]")
                .contains("Global options (see 'segexport --help'):")
                .containsPattern("Example:\\n.*segexport " + command.split(" ")[0] + " ");
    }

    @Test
    void noSubcommandIsBadUsage() {
        CliRun run = cli().expectExit(2);

        assertThat(run.err())
                .isEqualTo(
                        "segexport: a subcommand is missing: one of jobs, datasets, segments, profiles, events, batches\n"
                                + "Try 'segexport --help'.\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aGroupWithoutItsSubcommandIsBadUsage() {
        CliRun run = cli("jobs").expectExit(2);

        assertThat(run.err())
                .startsWith("segexport: a subcommand is missing: one of list, create, get, cancel, wait\n");
    }

    @Test
    void anUnknownOptionIsBadUsage() {
        CliRun run = cli("jobs", "list", "--frobnicate").expectExit(2);

        assertThat(run.err()).contains("Unknown option: '--frobnicate'").contains("Try 'segexport jobs list --help'.");
    }

    @Test
    void anUnknownOutputFormatIsBadUsage() {
        CliRun run = cli("jobs", "list", "--output", "xml").expectExit(2);

        assertThat(run.err()).contains("--output").contains("xml");
    }

    @Test
    void aTargetThatIsNotHostAndPortIsBadUsage() {
        CliRun run = cli("jobs", "list", "--target", "no-port-here").expectExit(2);

        assertThat(run.err())
                .isEqualTo("segexport: target must be host:port or tls://host:port, not \"no-port-here\"\n");
    }
}
