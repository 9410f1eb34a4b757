package io.segexport.client.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The top command: the global options and the subcommands. */
@Command(
        name = "segexport",
        subcommands = {
            JobsCommand.class,
            DataSetsCommand.class,
            SegmentsCommand.class,
            ProfilesCommand.class,
            EventsCommand.class,
            BatchesCommand.class
        },
        description =
                "Export jobs, datasets, segment definitions, profiles and batches of a segexport server, over gRPC.%n"
                        + "Results go to standard output; progress and messages to standard error.",
        footerHeading = "%nExample:%n",
        footer = {
            "  export SEGEXPORT_TARGET=localhost:50051 SEGEXPORT_TOKEN=demo-token",
            "  segexport jobs list --status SUCCEEDED --limit 5"
        })
final class SegexportCommand extends CommandGroup {
    @Mixin
    final GlobalOptions options;

    SegexportCommand(GlobalOptions options) {
        this.options = options;
    }
}
