package io.segexport.client.cli;

import picocli.CommandLine.Command;

/** {@code segexport jobs ...}. */
@Command(
        name = "jobs",
        description = "Export jobs: list, create, get, cancel, and wait for them.",
        subcommands = {
            JobsListCommand.class,
            JobsCreateCommand.class,
            JobsGetCommand.class,
            JobsCancelCommand.class,
            JobsWaitCommand.class
        },
        footerHeading = "%nExample:%n",
        footer = "  segexport jobs create --file request.json --wait")
final class JobsCommand extends CommandGroup {}
