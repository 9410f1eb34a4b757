/**
 * A stored profile merged into one XDM object under a merge policy, for lookups, exports and
 * segment evaluation. It reads no store.
 */
package io.segexport.server.profiles.merge;
