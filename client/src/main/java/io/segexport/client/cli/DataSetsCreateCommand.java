package io.segexport.client.cli;

import io.segexport.client.SegexportClient;
import io.segexport.v1.DataSet;
import io.segexport.v1.SchemaRef;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code segexport datasets create}. */
@Command(
        name = "create",
        description = "Creates a dataset and shows it.",
        footerHeading = "%nExample:%n",
        footer = "  DATASET=$(segexport datasets create --name Exports --output json | jq -r .id)")
final class DataSetsCreateCommand implements Callable<Integer> {
    private final Session session;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "A name for people.")
    String name;

    @Option(names = "--description", paramLabel = "TEXT", description = "A description for people.")
    String description;

    @Option(
            names = "--schema",
            paramLabel = "ID",
            defaultValue = "https://ns.adobe.com/xdm/context/profile",
            description = "The id of the rows' XDM schema. Default: ${DEFAULT-VALUE}.")
    String schema;

    @Option(
            names = "--content-type",
            paramLabel = "TYPE",
            defaultValue = "application/vnd.adobe.xed+json;version=1",
            description = "The schema's media type. Default: ${DEFAULT-VALUE}.")
    String contentType;

    DataSetsCreateCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        DataSet.Builder dataSet = DataSet.newBuilder()
                .setName(name)
                .setSchemaRef(SchemaRef.newBuilder().setId(schema).setContentType(contentType));
        if (description != null) {
            dataSet.setDescription(description);
        }
        SegexportClient client = session.client();
        // The create call answers only the id; the dataset as stored is what the user wants to see.
        session.print(client.getDataSet(client.createDataSet(dataSet.build())), DataSetView::details);
        return ExitCode.SUCCESS.code();
    }
}
