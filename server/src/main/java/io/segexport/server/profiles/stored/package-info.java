/**
 * The stored forms of profiles, events and ingest requests, generated from
 * {@code server/src/main/proto}: internal to the server, not part of the contract.
 */
package io.segexport.server.profiles.stored;
