package io.segexport.server;

/** The documentation's request bodies. */
final class Requests {
    /** The dataset id of the documentation's examples. */
    static final String DOCUMENTED_DATASET = "5b7c86968f7b6501e21ba9df";

    /** The create request of the documentation, verbatim. */
    private static final String DOCUMENTED_CREATE = """
            {
                "fields": "identities.id,personalEmail.address",
                "mergePolicy": {
                    "id": "timestampOrdered-none-mp",
                    "version": 1
                },
                "filter": {
                    "segments": [
                        {
                            "segmentId": "52c26d0d-45f2-47a2-ab30-ed06abc981ff",
                            "segmentNs": "ups",
                            "status": [
                                "realized"
                            ]
                        }
                    ],
                    "segmentQualificationTime": {
                        "startTime": "2018-01-01T00:00:00Z",
                        "endTime": "2018-02-01T00:00:00Z"
                    },
                    "fromIngestTimestamp": "2018-01-01T00:00:00Z",
                    "emptyProfiles": true
                },
                "additionalFields": {
                    "eventList": {
                        "fields": "string",
                        "filter": {
                            "fromIngestTimestamp": "2018-01-01T00:00:00Z",
                            "toIngestTimestamp": "2020-01-01T00:00:00Z"
                        }
                    }
                },
                "destination":{
                    "datasetId": "5b7c86968f7b6501e21ba9df",
                    "segmentPerBatch": false
                },
                "schema":{
                    "name": "_xdm.context.profile"
                },
                "evaluationInfo": {
                    "segmentation": true
                }
            }""";

    private Requests() {}

    /** The documentation's create request, verbatim but for its dataset id. */
    static String documentedCreate(String dataSetId) {
        return DOCUMENTED_CREATE.replace(DOCUMENTED_DATASET, dataSetId);
    }

    /** The smallest valid create request. */
    static String minimalCreate(String dataSetId) {
        return """
                {"destination": {"datasetId": "%s"}, "schema": {"name": "_xdm.context.profile"}}""".formatted(dataSetId);
    }

}
