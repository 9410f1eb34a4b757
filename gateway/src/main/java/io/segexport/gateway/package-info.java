/**
 * The REST face (Armeria HTTP/JSON transcoding): the documented paths mapped to the gRPC services,
 * the checks transcoding lacks, the documented error bodies and the Data Access files path, hosted
 * in the server or standalone ({@link io.segexport.gateway.GatewayMain}). It knows the services only
 * by the contract: it must not depend on {@code io.segexport.server}.
 */
package io.segexport.gateway;
