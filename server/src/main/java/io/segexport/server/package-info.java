/**
 * The all-in-one server: its command line ({@link io.segexport.server.Main}), the composition of
 * the stores, the engine and the services ({@link io.segexport.server.ServerComponents}), the data
 * folder's migrations and the transports that serve them. Only it wires the feature packages together.
 */
package io.segexport.server;
