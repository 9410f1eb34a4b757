/**
 * Batch ingestion at the platform's paths: batches of a dataset, their uploaded files, and the
 * processing that reads the files' records into the dataset's batch files and, for a dataset enabled
 * for Profile, the profile store.
 */
package io.segexport.server.ingest.batches;
