/** Streaming ingestion at the platform's Data Collection paths ({@code /collection}). */
package io.segexport.server.ingest.collection;
