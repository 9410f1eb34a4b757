/**
 * Cluster mode on Apache Kafka and Kafka Streams: the ingest topology that resolves, links and merges
 * records in the partitions that own their identities and profiles, over the same merge code as the
 * embedded store ({@code ChunkWriter} through {@code ProfileState}).
 */
package io.segexport.server.cluster;
