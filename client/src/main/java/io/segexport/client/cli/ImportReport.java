package io.segexport.client.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What an import did: records accepted, and the lines that were not, each with its reason. Like the
 * server, it lists the first rejections of each kind and counts them all, so that a file of
 * millions of bad lines does not fill memory.
 */
final class ImportReport {
    private static final Unit RECORDS = Unit.of("records");

    private static final int MAX_LISTED = 1000;

    /** A line that was not imported, and why. */
    record Rejection(long line, String message) {}

    private final ImportOptions input;
    private final List<Rejection> listed = new ArrayList<>();
    private long badLines;
    private long refused;
    private long accepted;

    ImportReport(ImportOptions input) {
        this.input = input;
    }

    /** A line that was never sent: it is not a record. */
    void badLine(long line, String problem) {
        if (badLines++ < MAX_LISTED) {
            listed.add(new Rejection(line, problem));
        }
    }

    /** A record the server refused; the server lists at most its first 1000 of them. */
    void refused(long line, String message) {
        listed.add(new Rejection(line, message));
    }

    /** The server's totals: records kept, and records refused (listed or not). */
    void totals(long acceptedByServer, long refusedByServer) {
        this.accepted = acceptedByServer;
        this.refused = refusedByServer;
    }

    long rejected() {
        return badLines + refused;
    }

    void printHuman(PrintWriter out) {
        Table.pairs()
                .row("file", input.file.toString())
                .row("dataset", input.datasetId)
                .row("accepted", RECORDS.amount(accepted))
                .row(
                        "rejected",
                        RECORDS.amount(rejected())
                                + (rejected() == 0
                                        ? ""
                                        : ": " + Unit.count(badLines) + " bad lines, " + Unit.count(refused)
                                                + " refused by the server"))
                .print(out);
    }

    /** {@code {"file", "datasetId", "accepted", "rejectedTotal", "rejected": [{"line", "message"}]}}, by line. */
    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance
                .objectNode()
                .put("file", input.file.toString())
                .put("datasetId", input.datasetId)
                .put("accepted", accepted)
                .put("rejectedTotal", rejected());
        ArrayNode rejections = json.putArray("rejected");
        listed.stream()
                .sorted(Comparator.comparingLong(Rejection::line))
                .forEach(rejection ->
                        rejections.addObject().put("line", rejection.line()).put("message", rejection.message()));
        return json;
    }
}
