package io.segexport.client.cli;

import io.segexport.v1.Entity;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code segexport profiles get --id ID --ns NS}. */
@Command(
        name = "get",
        description = "Shows the profile that has an identity, its fragments merged under a merge policy.",
        footerHeading = "%nExample:%n",
        footer = "  segexport profiles get --id ada@example.com --ns email")
final class ProfilesGetCommand implements Callable<Integer> {
    private final Session session;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "The identity's id.")
    String id;

    @Option(names = "--ns", required = true, paramLabel = "NS", description = "The identity's namespace, e.g. email.")
    String namespace;

    @Option(
            names = "--merge-policy",
            paramLabel = "ID",
            defaultValue = "",
            description = "The merge policy; the built-in timestampOrdered-none-mp when not given.")
    String mergePolicyId;

    ProfilesGetCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        Entity entity = session.client()
                .getEntity(id, namespace, mergePolicyId)
                .orElseThrow(() -> new CliException(
                        ExitCode.NOT_FOUND, "no profile has the identity " + id + " in namespace " + namespace));
        session.print(entity, EntityView::details);
        return ExitCode.SUCCESS.code();
    }
}
