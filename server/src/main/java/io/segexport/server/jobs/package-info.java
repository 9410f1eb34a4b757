/**
 * Export jobs: their service, the checks of a create request, the job store with its keyset indexes,
 * and the watchers of WatchExportJob. Running them is the engine's.
 */
package io.segexport.server.jobs;
