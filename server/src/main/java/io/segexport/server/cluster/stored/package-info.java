/**
 * The records of the cluster's topics, generated from {@code server/src/main/proto}: internal to the
 * server, not part of the contract.
 */
package io.segexport.server.cluster.stored;
