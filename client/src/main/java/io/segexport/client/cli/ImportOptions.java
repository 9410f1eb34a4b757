package io.segexport.client.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code profiles import} and {@code events import} both take. */
final class ImportOptions {
    @Parameters(
            paramLabel = "FILE",
            description = "A JSON Lines file: one XDM record (a JSON object) a line; "
                    + "blank lines are skipped. Read as it is sent, so it may be larger than memory.")
    Path file;

    @Option(
            names = "--dataset",
            required = true,
            paramLabel = "ID",
            description = "The dataset the records come from: an existing dataset of the org and sandbox.")
    String datasetId;
}
