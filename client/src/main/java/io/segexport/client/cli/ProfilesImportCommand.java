package io.segexport.client.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code segexport profiles import FILE --dataset ID}. */
@Command(
        name = "import",
        description = "Imports profile records from a JSON Lines file, streaming. Each record needs an "
                + "identityMap. Lines that are not JSON objects, and records the server refuses, are reported by line "
                + "number and skipped; the rest are imported (exit 8 when any were not).",
        footerHeading = "%nExample:%n",
        footer = {
            "  segexport profiles import people.jsonl --dataset 5b7c86968f7b6501e21ba9df",
            "where people.jsonl holds one profile record a line, e.g.",
            "  {\"identityMap\":{\"email\":[{\"id\":\"ada@example.com\"}]},\"person\":{\"name\":\"Ada\"}}"
        })
final class ProfilesImportCommand implements Callable<Integer> {
    private final Session session;

    @Mixin
    ImportOptions input;

    ProfilesImportCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        return new RecordImport(session).run(input, session.client()::importProfiles);
    }
}
