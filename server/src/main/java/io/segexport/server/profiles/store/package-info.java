/**
 * The profile store in RocksDB: profiles, identity links, events, profile counts and the index of
 * segment memberships, written by one group-committing writer and read through snapshots; and its
 * migrations. It knows nothing of requests or records on the wire.
 */
package io.segexport.server.profiles.store;
