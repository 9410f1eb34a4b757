/**
 * The export engine: workers that claim export jobs and run them, evaluating their segments first
 * when asked, streaming profiles from one snapshot into JSON Lines batches and committing them whole.
 * It reaches the profiles only through {@code profiles.store}.
 */
package io.segexport.server.engine;
