/** The platform's ingestion APIs: batch ingestion ({@code batches}) and streaming ({@code collection}). */
package io.segexport.server.ingest;
