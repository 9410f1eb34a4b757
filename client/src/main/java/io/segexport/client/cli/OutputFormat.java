package io.segexport.client.cli;

/** How results are written to standard output. */
enum OutputFormat {
    /** Aligned tables and readable times, for a person. */
    human,
    /** One JSON document in the API's documented shape, for scripts. */
    json
}
