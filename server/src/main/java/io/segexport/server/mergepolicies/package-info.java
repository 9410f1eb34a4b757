/**
 * Merge policies: their service, store and checks, and the built-in policy every tenant has.
 * Merging a profile under one is {@code profiles.merge}'s.
 */
package io.segexport.server.mergepolicies;
