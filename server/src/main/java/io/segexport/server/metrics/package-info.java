/**
 * The server's figures for Prometheus: calls over gRPC, export jobs, ingested records, the store.
 * Every meter is registered on the registry the server was started with; none is tagged by tenant.
 */
package io.segexport.server.metrics;
