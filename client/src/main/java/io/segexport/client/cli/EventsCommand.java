package io.segexport.client.cli;

import picocli.CommandLine.Command;

/** {@code segexport events ...}. */
@Command(
        name = "events",
        description = "ExperienceEvents: import them.",
        subcommands = EventsImportCommand.class,
        footerHeading = "%nExample:%n",
        footer = "  segexport events import events.jsonl --dataset 5bb4c46757920712f924a3eb")
final class EventsCommand extends CommandGroup {}
