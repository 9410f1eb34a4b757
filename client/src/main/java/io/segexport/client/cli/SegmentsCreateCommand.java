package io.segexport.client.cli;

import io.segexport.v1.PqlExpression;
import io.segexport.v1.Schema;
import io.segexport.v1.SegmentDefinition;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code segexport segments create}. */
@Command(
        name = "create",
        description = "Creates a segment definition and shows it; its id is a segment id of "
                + "namespace ups. An expression that does not parse is refused with its position.",
        footerHeading = "%nExample:%n",
        footer = {
            "  SEGMENT=$(segexport segments create --name Gold \\",
            "      --pql 'loyalty.tier = \"gold\"' --output json | jq -r .id)"
        })
final class SegmentsCreateCommand implements Callable<Integer> {
    /** The only XDM class a definition reads. */
    private static final String PROFILE_CLASS = "_xdm.context.profile";

    private final Session session;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "A name for people.")
    String name;

    @Option(
            names = "--pql",
            required = true,
            paramLabel = "EXPRESSION",
            description = "The PQL predicate a profile must satisfy to be a member.")
    String pql;

    @Option(names = "--description", paramLabel = "TEXT", description = "A description for people.")
    String description;

    @Option(
            names = "--merge-policy",
            paramLabel = "ID",
            description =
                    "The merge policy that makes the profiles the expression reads; the built-in one when not given.")
    String mergePolicy;

    SegmentsCreateCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        SegmentDefinition.Builder definition = SegmentDefinition.newBuilder()
                .setName(name)
                .setSchema(Schema.newBuilder().setName(PROFILE_CLASS))
                .setExpression(PqlExpression.newBuilder()
                        .setType("PQL")
                        .setFormat("pql/text")
                        .setValue(pql));
        if (description != null) {
            definition.setDescription(description);
        }
        if (mergePolicy != null) {
            definition.setMergePolicyId(mergePolicy);
        }
        session.print(session.client().createSegmentDefinition(definition.build()), SegmentDefinitionView::details);
        return ExitCode.SUCCESS.code();
    }
}
