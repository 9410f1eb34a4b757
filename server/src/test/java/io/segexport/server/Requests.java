package io.segexport.server;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

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

    /**
     * A job into the dataset of these segments' members (namespace "ups") of these statuses, with
     * {@code evaluationInfo.segmentation} as given.
     */
    static String segmentsJob(String dataSetId, boolean segmentation, List<String> statuses, String... segmentIds) {
        String status = statuses.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", "));
        String segments = Arrays.stream(segmentIds)
                .map(id -> "{\"segmentId\": \"" + id + "\", \"status\": [" + status + "]}")
                .collect(Collectors.joining(", "));
        return """
                {"filter": {"segments": [%s]}, "destination": {"datasetId": "%s"},
                 "schema": {"name": "_xdm.context.profile"}, "evaluationInfo": {"segmentation": %s}}""".formatted(segments, dataSetId, segmentation);
    }
}
