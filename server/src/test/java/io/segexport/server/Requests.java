package io.segexport.server;

/** The documentation's request bodies. */
final class Requests {
    /** The dataset id of the documentation's examples. */
    static final String DOCUMENTED_DATASET = "5b7c86968f7b6501e21ba9df";

    private Requests() {}

    /** The documentation's create request, verbatim but for its dataset id. */
    static String documentedCreate(String dataSetId) {
        return DemoData.DOCUMENTED_REQUEST.replace(DOCUMENTED_DATASET, dataSetId);
    }

    /** The smallest valid create request. */
    static String minimalCreate(String dataSetId) {
        return """
                {"destination": {"datasetId": "%s"}, "schema": {"name": "_xdm.context.profile"}}""".formatted(dataSetId);
    }

}
