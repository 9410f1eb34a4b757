package io.segexport.client.cli;

import io.segexport.v1.DataSet;
import java.io.PrintWriter;
import java.util.List;

/** Datasets for a person: a table of many, or the details of one. */
final class DataSetView {
    private DataSetView() {}

    static void table(List<DataSet> dataSets, TimeFormat times, PrintWriter out) {
        Table table = Table.withHeader(List.of("ID", "NAME", "SCHEMA", "CREATED"), List.of());
        for (DataSet dataSet : dataSets) {
            table.row(
                    dataSet.getId(),
                    dataSet.getName(),
                    dataSet.getSchemaRef().getId(),
                    times.instant(dataSet.getCreated()));
        }
        table.print(out);
    }

    static void details(DataSet dataSet, TimeFormat times, PrintWriter out) {
        Table pairs = Table.pairs().row("id", dataSet.getId()).row("name", dataSet.getName());
        if (!dataSet.getDescription().isEmpty()) {
            pairs.row("description", dataSet.getDescription());
        }
        pairs.row("schema", dataSet.getSchemaRef().getId());
        if (!dataSet.getSchemaRef().getContentType().isEmpty()) {
            pairs.row("content type", dataSet.getSchemaRef().getContentType());
        }
        pairs.row("org", dataSet.getImsOrg())
                .row("created", times.instant(dataSet.getCreated()))
                .row("updated", times.instant(dataSet.getUpdated()))
                .print(out);
    }
}
