package io.segexport.client.cli;

import io.segexport.v1.SegmentDefinition;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code segexport segments list}. */
@Command(
        name = "list",
        description = "Lists every segment definition, in id order. JSON output is an array of " + "definitions.",
        footerHeading = "%nExample:%n",
        footer = "  segexport segments list --output json | jq -r '.[].id'")
final class SegmentsListCommand implements Callable<Integer> {
    private final Session session;

    SegmentsListCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        List<SegmentDefinition> definitions = session.client().listSegmentDefinitions();
        if (session.json()) {
            JsonOutput.printArray(session.out(), definitions.iterator());
        } else if (definitions.isEmpty()) {
            session.say("no segment definitions");
        } else {
            SegmentDefinitionView.table(definitions, session.times(), session.out());
        }
        return ExitCode.SUCCESS.code();
    }
}
