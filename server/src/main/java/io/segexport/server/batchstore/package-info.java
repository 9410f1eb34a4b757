/**
 * Where batches' files are kept once published: the seam between the engine and ingestion, which
 * write a batch's files into a local folder, and Data Access, which reads them. {@link BatchStore}
 * is the contract; {@link LocalBatchStore} keeps them in the data folder, {@link S3BatchStore}
 * in a bucket of an S3-compatible server.
 */
package io.segexport.server.batchstore;
