package io.segexport.client.cli;

import picocli.CommandLine.Command;

/** {@code segexport profiles ...}. */
@Command(
        name = "profiles",
        description = "Profiles: import profile records, look up a merged profile.",
        subcommands = {ProfilesImportCommand.class, ProfilesGetCommand.class},
        footerHeading = "%nExample:%n",
        footer = "  segexport profiles import people.jsonl --dataset 5b7c86968f7b6501e21ba9df")
final class ProfilesCommand extends CommandGroup {}
