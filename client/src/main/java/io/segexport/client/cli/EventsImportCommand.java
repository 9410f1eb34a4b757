package io.segexport.client.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code segexport events import FILE --dataset ID}. */
@Command(
        name = "import",
        description = "Imports ExperienceEvents from a JSON Lines file, streaming. Each event needs an "
                + "identityMap and a timestamp. Lines that are not JSON objects, and events the server refuses, are reported "
                + "by line number and skipped; the rest are imported (exit 8 when any were not).",
        footerHeading = "%nExample:%n",
        footer = {
            "  segexport events import events.jsonl --dataset 5bb4c46757920712f924a3eb",
            "where events.jsonl holds one ExperienceEvent a line, e.g.",
            "  {\"identityMap\":{\"ecid\":[{\"id\":\"8724\"}]},\"timestamp\":\"2024-02-02T10:00:00Z\"}"
        })
final class EventsImportCommand implements Callable<Integer> {
    private final Session session;

    @Mixin
    ImportOptions input;

    EventsImportCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        return new RecordImport(session).run(input, session.client()::importEvents);
    }
}
