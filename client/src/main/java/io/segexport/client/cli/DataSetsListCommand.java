package io.segexport.client.cli;

import io.segexport.v1.DataSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code segexport datasets list}. */
@Command(
        name = "list",
        description = "Lists every dataset, in id order. JSON output is an array of datasets.",
        footerHeading = "%nExample:%n",
        footer = "  segexport datasets list --output json | jq -r '.[].id'")
final class DataSetsListCommand implements Callable<Integer> {
    private final Session session;

    DataSetsListCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        List<DataSet> dataSets = session.client().listDataSets();
        if (session.json()) {
            JsonOutput.printArray(session.out(), dataSets.iterator());
        } else if (dataSets.isEmpty()) {
            session.say("no datasets");
        } else {
            DataSetView.table(dataSets, session.times(), session.out());
        }
        return ExitCode.SUCCESS.code();
    }
}
