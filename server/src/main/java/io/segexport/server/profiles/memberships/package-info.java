/**
 * Segment memberships as values and rules: a segment's status range, an evaluation's outcome and
 * the platform's status transitions, shared by the store and the engine. It reads no store.
 */
package io.segexport.server.profiles.memberships;
