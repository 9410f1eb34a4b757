/**
 * The profile service (ingest, unary and streaming, and GetEntities), over its subpackages:
 * {@code ingest} reads records, {@code store} keeps them, {@code merge} merges a profile, and
 * {@code memberships} holds the rules of segment memberships. The subpackages never depend on it.
 */
package io.segexport.server.profiles;
