/**
 * Ingestion: XDM records read from their encoded bytes, checked (a 400 naming the field), and handed
 * to {@code profiles.store} as profile and event records; the streaming calls and their totals. The
 * store must not depend on it.
 */
package io.segexport.server.profiles.ingest;
