package io.segexport.client.cli;

import picocli.CommandLine.Command;

/** {@code segexport datasets ...}. */
@Command(
        name = "datasets",
        description = "Datasets, which export jobs write into: create, get, list.",
        subcommands = {DataSetsCreateCommand.class, DataSetsGetCommand.class, DataSetsListCommand.class},
        footerHeading = "%nExample:%n",
        footer = "  segexport datasets create --name Exports")
final class DataSetsCommand extends CommandGroup {}
