/**
 * The Catalog paths: the caller's datasets and batches, over {@code store}'s tenant records.
 */
package io.segexport.server.catalog;
