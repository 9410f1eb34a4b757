package io.segexport.client.cli;

import picocli.CommandLine.Command;

/** {@code segexport segments ...}. */
@Command(
        name = "segments",
        description = "Segment definitions, PQL predicates over profiles that export jobs with "
                + "evaluationInfo.segmentation evaluate: create, get, list, delete.",
        subcommands = {
            SegmentsCreateCommand.class,
            SegmentsGetCommand.class,
            SegmentsListCommand.class,
            SegmentsDeleteCommand.class
        },
        footerHeading = "%nExample:%n",
        footer = "  segexport segments create --name Gold --pql 'loyalty.tier = \"gold\"'")
final class SegmentsCommand extends CommandGroup {}
