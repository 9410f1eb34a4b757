/**
 * What removes data once it is no longer wanted: batches deleted through the catalog, and ended jobs
 * and batches that have outlived the configured retention age.
 */
package io.segexport.server.retention;
