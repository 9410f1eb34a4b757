/**
 * Segment definitions: their service, store and checks (the expression parsed by {@code pql}).
 * Evaluating them is the engine's.
 */
package io.segexport.server.segments;
