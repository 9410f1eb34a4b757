package io.segexport.client.cli;

import io.segexport.v1.SegmentDefinition;
import java.io.PrintWriter;
import java.util.List;

/**
 * Segment definitions for a person: a table of many, or the details of one. An expression written
 * over several lines is shown on one, its line breaks and their indentation made one space, so that
 * each stays one row; {@code -o json} gives it as it is.
 */
final class SegmentDefinitionView {
    private SegmentDefinitionView() {}

    static void table(List<SegmentDefinition> definitions, TimeFormat times, PrintWriter out) {
        Table table = Table.withHeader(List.of("ID", "NAME", "CREATED", "EXPRESSION"), List.of());
        for (SegmentDefinition definition : definitions) {
            table.row(
                    definition.getId(),
                    definition.getName(),
                    times.instant(definition.getCreationTime()),
                    oneLine(definition.getExpression().getValue()));
        }
        table.print(out);
    }

    static void details(SegmentDefinition definition, TimeFormat times, PrintWriter out) {
        Table pairs = Table.pairs().row("id", definition.getId()).row("name", definition.getName());
        if (!definition.getDescription().isEmpty()) {
            pairs.row("description", definition.getDescription());
        }
        pairs.row("expression", oneLine(definition.getExpression().getValue()))
                .row("merge policy", definition.getMergePolicyId())
                .row("org", definition.getImsOrgId())
                .row("sandbox", definition.getSandbox().getSandboxName())
                .row("created", times.instant(definition.getCreationTime()))
                .print(out);
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
