package io.segexport.client.cli;

import picocli.CommandLine.Command;

/** {@code segexport batches ...}. */
@Command(
        name = "batches",
        description = "Batches that export jobs or ingestion wrote: download them, delete them.",
        subcommands = {BatchesDownloadCommand.class, BatchesDeleteCommand.class},
        footerHeading = "%nExample:%n",
        footer = "  segexport batches download $(segexport jobs get 12 -o json | jq -r .destination.batchId) --dir out")
final class BatchesCommand extends CommandGroup {}
