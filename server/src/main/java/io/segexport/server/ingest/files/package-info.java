/**
 * Batch ingestion's uploaded files: their records read one at a time, streaming, each as the encoded
 * Struct the ingestion path takes and as compact JSON, or as a bad record saying why.
 */
package io.segexport.server.ingest.files;
