package io.segexport.client.cli;

import io.segexport.client.RecordImporter;
import io.segexport.v1.IngestResponse;
import io.segexport.v1.RejectedRecord;
import java.io.IOException;
import java.util.function.Function;

/**
 * Streams a JSON Lines file through a {@link RecordImporter}: bad lines are reported by number and
 * skipped, the rest imported; records the server refuses are reported by line too. Exits 8 when
 * any line was not imported.
 */
final class RecordImport {
    private final Session session;

    RecordImport(Session session) {
        this.session = session;
    }

    /** @param start starts an import into a dataset, e.g. {@code client::importProfiles} */
    int run(ImportOptions input, Function<String, RecordImporter> start) {
        ImportReport report = new ImportReport(input);
        RecordLines lines = new RecordLines();
        IngestResponse totals;
        try (JsonLinesReader reader = JsonLinesReader.open(input.file);
                RecordImporter importer = start.apply(input.datasetId);
                Progress progress = session.progress("import " + input.file.getFileName(), Unit.of("records"))) {
            long added = 0;
            for (JsonLine line = reader.next(); line != null; line = reader.next()) {
                if (line instanceof JsonLine.Record record) {
                    importer.add(record.record());
                    lines.add(record.number());
                    progress.update(++added);
                } else if (line instanceof JsonLine.Bad bad) {
                    progress.message("line " + bad.number() + ": " + bad.problem());
                    report.badLine(bad.number(), bad.problem());
                }
            }
            totals = importer.finish();
        } catch (IOException e) {
            throw InputFiles.unreadable(input.file, e);
        }
        for (RejectedRecord rejected : totals.getRejectedList()) {
            long line = lines.lineOf(rejected.getIndex());
            String message = "refused by the server: " + withoutRecordPath(rejected.getMessage(), rejected.getIndex());
            session.say("line " + line + ": " + message);
            report.refused(line, message);
        }
        if (totals.getRejectedTotal() > totals.getRejectedCount()) {
            session.say("... and " + Unit.count(totals.getRejectedTotal() - totals.getRejectedCount())
                    + " more records refused by the server, which lists only the first " + totals.getRejectedCount());
        }
        report.totals(totals.getAccepted(), totals.getRejectedTotal());
        session.print(report.toJson(), report::printHuman);
        return report.rejected() == 0 ? ExitCode.SUCCESS.code() : ExitCode.RECORDS_REJECTED.code();
    }

    /**
     * The server names fields from the record's index in the stream ("records[41].identityMap"),
     * which means nothing to someone who thinks in lines of the file: the path from the record on
     * is what helps.
     */
    private static String withoutRecordPath(String message, long index) {
        String record = "records[" + index + "]";
        if (message.startsWith(record + ".")) {
            return message.substring(record.length() + 1);
        }
        if (message.startsWith(record + " ")) {
            return "the record" + message.substring(record.length());
        }
        return message;
    }
}
